/** The archive page's style: inline in the page (nothing is fetched), system fonts only, readable in print,
 * on a phone and at any zoom. Emotion colours come in as the custom property --c. */
export const archivePageCss = `
:root { color-scheme: light; --ink: #1d1b19; --muted: #6b655e; --line: #ddd6cc; --paper: #faf7f2; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 17px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; }
header, main, footer { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 2.5rem; }
h1 { font-size: clamp(1.8rem, 4vw, 2.8rem); margin: 0 0 .25rem; letter-spacing: -.01em; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 1rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.summary, .count, .meta, figcaption, .cued, footer { color: var(--muted); }
.count { font-weight: normal; font-size: .9em; }
nav { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; margin: 1rem 0 0; }
a { color: #8a3b12; }
.timeline { position: relative; height: 3.2rem; margin: 1rem 0; background: #eee7dc; border-radius: 6px; overflow: hidden; }
.phase { position: absolute; top: 0; bottom: 0; border-right: 2px solid var(--paper); background: #d9cdbb; overflow: hidden; }
.phase:nth-child(even) { background: #cbbda8; }
.phase span { display: block; padding: .3rem .45rem; font-size: .8rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.glitch { position: absolute; top: 0; bottom: 0; width: 3px; background: #c1121f; }
.tick { position: absolute; bottom: 0; width: 2px; height: 35%; background: var(--c, #555); }
.phases { padding-left: 1.2rem; }
.phases time, .meta time { font-variant-numeric: tabular-nums; }
.stills { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; margin-top: 1.5rem; }
figure { margin: 0; }
figure img { width: 100%; height: auto; display: block; border-radius: 4px; background: #000; }
figcaption { font-size: .85rem; margin-top: .3rem; }
.stories { list-style: none; padding: 0; margin: 0; display: grid; gap: .8rem; }
.story { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--c, var(--line)); border-radius: 4px; padding: .7rem .9rem; }
.story blockquote { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.meta { margin: .35rem 0 0; font-size: .85rem; }
.emotion { color: var(--ink); border-bottom: 3px solid var(--c, var(--line)); }
.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: .85rem; min-width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
footer { margin: 3rem auto 2rem; font-size: .85rem; }
code { font-size: .9em; }
@media print { nav, .timeline { display: none; } .story { break-inside: avoid; } }
`;
