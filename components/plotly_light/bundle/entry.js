// The plotly.js bundle the dashboard draws its on-screen charts with: plotly.js's core (which always holds the
// scatter trace) and the bar, heatmap and sankey traces, nothing else. Built by build.sh.
'use strict';
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/sankey'),
]);

module.exports = Plotly;
