// Draws data (JSON text: {figure: {data, layout}, config}) with Plotly.react from the plotly.js bundle next to
// this file. Only external same-origin scripts: passes script-src 'self' (no inline script, no eval, no blob:).
// The figure arrives with its template in place (Streamlit's light chart template, set by the Python side).
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
  const payload = typeof data === "string" ? JSON.parse(data) : (data || {});
  const drawn = JSON.stringify([payload.figure, payload.config]);
  if (div.plotlyLightDrawn !== drawn) {  // a rerun with the same figure draws nothing again
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
    loadPlotly().then((Plotly) => {
      if (!alive) return;
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
