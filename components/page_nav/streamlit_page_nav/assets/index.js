// The menu: data is JSON text {title, label, links: [{key, text, href, current}], langs_label,
// langs: [{code, text, href, current}]}. Every text is set with
// textContent, every address with setAttribute: nothing is parsed as HTML.
// A plain click on another page's link moves inside the app as the browser's Back and Forward buttons do: the
// address is pushed onto the history and a popstate event tells Streamlit's frontend, which runs the page at that
// path with that query string (one script run, as st.page_link's click). Any other click is the browser's own.
function go(href) {
  const url = new URL(href, document.location.href);
  window.history.pushState(null, "", url.href);
  window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
}

export default function ({ data, parentElement }) {
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
  nav.appendChild(linkList(payload.links || [], "page"));
  if ((payload.langs || []).length) {
    const group = document.createElement("div");
    group.className = "page-nav-langs";
    group.setAttribute("role", "group");
    const label = document.createElement("p");
    label.className = "page-nav-langs-label";
    label.id = "page-nav-langs-label";
    label.textContent = payload.langs_label || "";
    group.setAttribute("aria-labelledby", label.id);
    group.appendChild(label);
    group.appendChild(linkList(payload.langs, "true"));
    nav.appendChild(group);
  }
  nav.pageNavDrawn = data;
}

// A list of links; the current one gets aria-current=<current>, a language link its lang and hreflang.
function linkList(links, current) {
  const list = document.createElement("ul");
  for (const link of links) {
    const item = document.createElement("li");
    const a = document.createElement("a");
    a.textContent = link.text;
    a.setAttribute("href", link.href);
    if (link.code) {
      a.setAttribute("lang", link.code);
      a.setAttribute("hreflang", link.code);
    }
    if (link.current) a.setAttribute("aria-current", current);
    a.addEventListener("click", (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      if (!link.current) go(link.href);
    });
    item.appendChild(a);
    list.appendChild(item);
  }
  return list;
}
