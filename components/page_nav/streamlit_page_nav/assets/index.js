// The menu: data is JSON text {title, label, links: [{key, text, href, current}]}. Every text is set with
// textContent, every address with setAttribute: nothing is parsed as HTML. A plain click on another page's link
// sends the trigger "go" with the page's key (the app switches page); any other click is the browser's own.
export default function ({ data, parentElement, setTriggerValue }) {
  const payload = typeof data === "string" ? JSON.parse(data) : (data || {});
  let nav = parentElement.querySelector("nav.page-nav");
  if (nav && nav.pageNavDrawn === data) return;  // a rerun with the same menu changes nothing
  if (!nav) {
    nav = document.createElement("nav");
    nav.className = "page-nav";
    parentElement.appendChild(nav);
  }
  nav.replaceChildren();
  if (payload.label) nav.setAttribute("aria-label", payload.label);
  if (payload.title) {
    const title = document.createElement("p");
    title.className = "page-nav-title";
    title.textContent = payload.title;
    nav.appendChild(title);
  }
  const list = document.createElement("ul");
  for (const link of payload.links || []) {
    const item = document.createElement("li");
    const a = document.createElement("a");
    a.textContent = link.text;
    a.setAttribute("href", link.href);
    if (link.current) a.setAttribute("aria-current", "page");
    a.addEventListener("click", (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      if (!link.current) setTriggerValue("go", link.key);
    });
    item.appendChild(a);
    list.appendChild(item);
  }
  nav.appendChild(list);
  nav.pageNavDrawn = data;
}
