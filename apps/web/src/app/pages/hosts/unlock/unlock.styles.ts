/**
 * The unattended-unlock page's own rules, loaded with its lazy chunk (not the global stylesheet, so the
 * initial bundle does not grow). Only the design system's variables: light and dark come for free.
 */
export const UNLOCK_STYLES = `
.unlock-intro { max-width: 72ch; margin: 0 0 var(--gap); }
.unlock-summary { margin: 0 0 10px; padding-left: 18px; display: grid; gap: 4px; }
.unlock-summary li { overflow-wrap: anywhere; }
.unlock-matrix-wrap { max-width: 100%; border: 1px solid var(--border); border-radius: var(--radius); }
.unlock-matrix-wrap:focus-visible { outline: none; box-shadow: var(--focus); }
.unlock-matrix { width: auto; min-width: 100%; }
.unlock-matrix th, .unlock-matrix td { text-align: center; white-space: nowrap; border-left: 1px solid var(--border); }
.unlock-matrix th[scope='row'] { text-align: left; position: sticky; left: 0; z-index: 1; background: var(--surface); border-left: 0; white-space: normal; min-width: 6.5em; max-width: min(13em, 42vw); overflow-wrap: anywhere; }
.unlock-matrix thead th:first-child { position: sticky; left: 0; z-index: 2; text-align: left; border-left: 0; white-space: normal; }
.unlock-matrix tbody tr:hover th[scope='row'] { background: var(--surface-2); }
.unlock-row-policy { display: block; font-weight: normal; font-size: var(--fs-small); color: var(--muted); }
.unlock-cell { min-width: 44px; font-weight: 700; font-size: 15px; }
.unlock-cell-boots { color: var(--ok); background: var(--ok-soft); }
.unlock-cell-stuck { color: var(--danger); background: var(--danger-soft); }
.unlock-cell-self, .unlock-cell-unknown { color: var(--muted); background: var(--surface-3); font-weight: normal; }
.unlock-row-unmanaged th[scope='row'], .unlock-row-unmanaged td { color: var(--muted); font-style: italic; font-weight: normal; }
.unlock-row-unmanaged td { text-align: left; background: var(--surface-2); }
.unlock-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 8px 0 0; font-size: var(--fs-small); color: var(--muted); }
.unlock-legend .unlock-cell { display: inline-block; min-width: 22px; padding: 0 4px; border-radius: var(--radius); text-align: center; }
.unlock-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(360px, 100%), 1fr)); gap: var(--gap); }
.unlock-card { display: grid; gap: 10px; align-content: start; margin-bottom: 0; min-width: 0; }
.unlock-card h3 { font-size: var(--fs-small); text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin: 0; }
.unlock-card-section { display: grid; gap: 6px; min-width: 0; padding-top: 8px; border-top: 1px solid var(--border); }
.unlock-card-line { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; min-width: 0; overflow-wrap: anywhere; }
.unlock-problems { margin: 0; }
.unlock-problems ul { margin: 4px 0 0; padding-left: 18px; }
.unlock-details summary { cursor: pointer; color: var(--accent); font-size: var(--fs-small); }
.unlock-details dl { margin-top: 6px; font-size: var(--fs-small); }
.unlock-thumbprints { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; }
.unlock-thumbprints code, .unlock-details code { overflow-wrap: anywhere; white-space: normal; }
.unlock-config { height: auto; max-height: min(320px, 45dvh); margin: 0; }
.unlock-pins { display: grid; gap: 6px; border: 0; padding: 0; margin: 0; min-width: 0; }
.unlock-pins legend { font-weight: 600; font-size: var(--fs-small); padding: 0; margin-bottom: 4px; }
.unlock-pins .check { color: var(--text); }
.unlock-threshold { max-width: 8em; }
`;
