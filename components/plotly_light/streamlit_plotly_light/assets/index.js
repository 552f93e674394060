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

export default function ({ data, parentElement }) {
  let div = parentElement.querySelector("div.plotly-light");
  if (!div) {
    div = document.createElement("div");
    div.className = "plotly-light";
    parentElement.appendChild(div);
  }
  let alive = true;
  const theme = isDark(parentElement) ? "dark" : "light";
  const drawn = theme + "\n" + data;
  if (div.plotlyLightDrawn !== drawn) {  // a rerun with the same figure and theme draws nothing again
    const payload = typeof data === "string" ? JSON.parse(data) : (data || {});
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
    Promise.all([loadPlotly(), loadThemes()]).then(([Plotly, themes]) => {
      if (!alive) return;
      if (layout.template === "streamlit") layout.template = themes[theme];
      Plotly.react(div, fig.data || [], layout, config);
      div.plotlyLightDrawn = drawn;
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
