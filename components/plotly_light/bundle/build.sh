#!/bin/sh
# Rebuilds streamlit_plotly_light/assets/plotly-dashboard.min.js and THIRD-PARTY-LICENSES.txt from npm (node and
# npm needed; package-lock.json pins every package). Run it after changing entry.js or package.json, then
# `make test`. The output is committed: installing the dashboard needs neither node nor npm.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts
mkdir -p build
assets=../streamlit_plotly_light/assets
# As plotly.js's own esbuild-config.js, less its plugins: no gl traces (glsl), and no CSS (the only stylesheet
# is maplibre's, for map traces this bundle does not have).
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
  --define:global=window --define:define.amd=false --alias:stream=stream-browserify --loader:.css=empty \
  --legal-comments=eof --metafile=build/meta.json --outfile="$assets/plotly-dashboard.min.js"
node licences.js build/meta.json > "$assets/THIRD-PARTY-LICENSES.txt"
sha256sum "$assets/plotly-dashboard.min.js"
