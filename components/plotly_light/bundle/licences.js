// Lists the npm packages esbuild put into the bundle (from its metafile), with version, licence and the
// licence file's text where the package has one: streamlit_plotly_light/assets/THIRD-PARTY-LICENSES.txt.
'use strict';
const fs = require('fs');
const path = require('path');

const meta = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const packages = new Map();
for (const input of Object.keys(meta.inputs)) {
    const m = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.set(m[2], m[1] + m[2]);
}
const out = ['Packages in plotly-dashboard.min.js (built by ../../bundle/build.sh from npm), with their licences.', ''];
for (const name of [...packages.keys()].sort()) {
    const dir = packages.get(name);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licence = typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license || pkg.licenses);
    out.push('='.repeat(100), `${name} ${pkg.version}: ${licence}`, '');
    const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    out.push(file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : '(no licence file in the package)', '');
}
process.stdout.write(out.join('\n') + '\n');
