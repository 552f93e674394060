// Draws data (JSON text: {figure: {data, layout}, config}) with Plotly.react from the plotly.js bundle next to
// this file. Only external same-origin scripts: passes script-src 'self' (no inline script, no eval, no blob:).
// A figure whose layout.template is "streamlit" gets the template st.plotly_chart would get in the visitor's
// theme, light or dark (themes.js, imported beside the bundle's download, not before it).
let themesReady;
function loadThemes() {
  if (!themesReady) themesReady = import("./themes.js").catch((err) => { themesReady = undefined; throw err; });
  return themesReady;
}

// Whether the page's theme is dark: the luminance of the background Streamlit gives the component.
function isDark(el) {
  const bg = getComputedStyle(el).getPropertyValue("--st-background-color").trim();
  const hex = /^#([0-9a-f]{6})$/i.exec(bg);
  if (!hex) return window.matchMedia("(prefers-color-scheme: dark)").matches;
  const n = parseInt(hex[1], 16);
  return 0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255) < 128;
}

let plotlyReady;
function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyReady) {
    plotlyReady = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = new URL("./plotly-dashboard.min.js", import.meta.url).href;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => { plotlyReady = undefined; reject(new Error("plotly.js failed to load")); };
      document.head.appendChild(s);
    });
  }
  return plotlyReady;
}

// A picture of the chart (payload.preview: {svg, alt}, drawn on the server) in the chart's place until plotly.js
// has drawn it: an <img> of a blob: URL (the SVG is never parsed into the page; img-src allows blob:), added once
// decoded, as high as the chart will be (no jump of what follows), at most its own width, left-aligned. Not where
// it would be shrunk below MIN_PREVIEW_SCALE (a phone): its text would be too small to read.
const MIN_PREVIEW_SCALE = 0.75;
function showPreview(parentElement, div, preview, height) {
  if (!preview || !preview.svg || div.plotlyLightDrawn || parentElement.querySelector("img.plotly-light-preview")) {
    return;
  }
  const img = document.createElement("img");
  img.className = "plotly-light-preview";
  img.alt = preview.alt || "";
  img.style.cssText = "display:block;width:100%;height:" + height + "px;object-fit:contain;object-position:left top";
  const url = URL.createObjectURL(new Blob([preview.svg], { type: "image/svg+xml" }));
  img.src = url;
  img.decode().then(() => {
    if (div.plotlyLightDrawn || !div.isConnected) return;
    if (parentElement.clientWidth < MIN_PREVIEW_SCALE * img.naturalWidth) return;
    parentElement.insertBefore(img, div);
  }, () => {}).finally(() => URL.revokeObjectURL(url));
}

export default function ({ data, parentElement }) {
  let div = parentElement.querySelector("div.plotly-light");
  if (!div) {
    div = document.createElement("div");
    div.className = "plotly-light";
    parentElement.appendChild(div);
  }
  let alive = true;
  const theme = isDark(parentElement) ? "dark" : "light";
  const payload = typeof data === "string" ? JSON.parse(data) : (data || {});
  // What is drawn: the theme, figure and config (a preview sent or not does not make a drawn chart draw again)
  const drawn = theme + "\n" + JSON.stringify([payload.figure, payload.config]);
  if (div.plotlyLightDrawn !== drawn) {  // a rerun with the same figure and theme draws nothing again
    const fig = payload.figure || {};
    const layout = fig.layout || {};
    const title = layout.title;
    if (title && typeof title === "object" && typeof title.text === "string" && title.text) {
      layout.title = Object.assign({}, title, { text: "<b>" + title.text + "</b>" });  // as st.plotly_chart
    }
    const given = payload.config || {};
    // As st.plotly_chart: never offer to send the figure's data to Plotly's cloud.
    const config = Object.assign({ responsive: true, displaylogo: false }, given, {
      showSendToCloud: false,
      modeBarButtonsToRemove: (given.modeBarButtonsToRemove || []).concat(["sendChartToCloud"]),
    });
    if (theme === "light") showPreview(parentElement, div, payload.preview, layout.height || 450);
    Promise.all([loadPlotly(), loadThemes()]).then(([Plotly, themes]) => {
      if (!alive) return;
      if (layout.template === "streamlit") layout.template = themes[theme];
      Plotly.react(div, fig.data || [], layout, config);
      div.plotlyLightDrawn = drawn;
      for (const img of parentElement.querySelectorAll("img.plotly-light-preview")) img.remove();
    }, (err) => console.error(err));
  }
  return () => {
    alive = false;
    // Called before the next drawing too: free the plot only once the element has left the page.
    setTimeout(() => {
      if (!div.isConnected && window.Plotly) { window.Plotly.purge(div); div.plotlyLightDrawn = undefined; }
    }, 0);
  };
}
