/**
 * The network marketplace pages' own rules, loaded with their lazy chunks (not the global stylesheet,
 * so the initial bundle does not grow). Only the design system's variables: light and dark come for free.
 */
export const NETWORK_MARKETPLACE_STYLES = `
.nmk-head { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; margin: 0 0 var(--gap); }
.nmk-head h2 { margin: 0; font-size: 1.25rem; overflow-wrap: anywhere; }
.nmk-hash { font-family: var(--mono, monospace); overflow-wrap: anywhere; }
.nmk-url { overflow-wrap: anywhere; }
.nmk-revs { display: inline-flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; }
.nmk-files { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
.nmk-files li { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; min-width: 0; }
.nmk-files code { overflow-wrap: anywhere; min-width: 0; }
.nmk-diff-scroll { max-height: 70vh; overflow: auto; }
.nmk-actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.nmk-machines { display: flex; flex-wrap: wrap; gap: 4px 8px; }
.nmk-reviews { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.nmk-omitted { margin: 0 0 var(--gap); padding-left: 1.2rem; display: grid; gap: 4px; overflow-wrap: anywhere; }
.nmk-reviews li { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; }
`;
