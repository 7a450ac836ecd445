/**
 * The hosts pages' own rules, loaded with their lazy chunks (not the global stylesheet, so the initial
 * bundle does not grow). Only the design system's variables: light and dark come for free.
 */
export const HOSTS_STYLES = `
.hosts-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(320px, 100%), 1fr)); gap: var(--gap); margin-bottom: var(--gap); }
.host-card { display: grid; gap: 10px; align-content: start; margin-bottom: 0; }
.host-card-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; min-width: 0; }
.host-card-head h2 { font-size: 15px; overflow-wrap: anywhere; min-width: 0; }
.host-card-meta { display: flex; flex-wrap: wrap; gap: 4px 12px; color: var(--muted); font-size: var(--fs-small); min-width: 0; }
.host-card-meta code { overflow-wrap: anywhere; }
.host-offline { border-color: color-mix(in srgb, var(--danger) 45%, var(--border)); }
.host-meters { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.host-meter { display: grid; grid-template-columns: 84px minmax(0, 1fr); grid-template-areas: 'label bar' '. text'; gap: 2px 10px; align-items: center; }
.host-meter-label { grid-area: label; font-size: var(--fs-small); color: var(--muted); }
.host-meter-bar { grid-area: bar; height: 8px; border-radius: 4px; background: var(--surface-3); overflow: hidden; }
.host-meter-fill { display: block; height: 100%; border-radius: 4px; background: var(--ok); }
.host-meter-fill.tone-warn { background: var(--warn); }
.host-meter-fill.tone-danger { background: var(--danger); }
.host-meter-fill.tone-muted { background: transparent; }
.host-meter-text { grid-area: text; font-size: var(--fs-small); overflow-wrap: anywhere; }
.host-props { margin-top: 12px; }
.host-versions summary { cursor: pointer; color: var(--accent); font-size: var(--fs-small); }
.host-versions .props { margin-top: 6px; font-size: var(--fs-small); }
.host-actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.host-commands { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; counter-reset: step; }
.host-commands li { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 8px; align-items: start; }
.host-commands li::before { counter-increment: step; content: counter(step) '.'; color: var(--muted); padding-top: 5px; }
.host-commands .copy-value { white-space: pre-wrap; overflow-wrap: anywhere; }
.placement-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.placement-list label { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 2px 8px; padding: 8px 10px; border: 1px solid var(--border); border-radius: var(--radius); cursor: pointer; }
.placement-list label.picked { border-color: var(--accent); background: var(--accent-soft); }
.placement-list label.blocked { cursor: not-allowed; opacity: 0.75; }
.placement-list input { margin-top: 3px; }
.placement-name { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; min-width: 0; overflow-wrap: anywhere; }
.placement-detail { grid-column: 2; font-size: var(--fs-small); color: var(--muted); }
.machine-host { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; min-width: 0; }
.machine-host-chip { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 2px 8px; border: 1px solid var(--border); border-radius: 12px; background: var(--surface); font-size: var(--fs-small); min-width: 0; overflow-wrap: anywhere; }
`;
