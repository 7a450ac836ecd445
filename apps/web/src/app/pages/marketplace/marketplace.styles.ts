/**
 * The marketplace's own rules, loaded with its lazy chunk (not the global
 * stylesheet, so the initial bundle does not grow). Only the design system's
 * variables: light and dark come for free.
 */
export const MARKETPLACE_STYLES = `
.mkt-controls { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; margin-bottom: var(--gap); }
.mkt-controls .field { flex: 1 1 220px; margin: 0; }
.mkt-controls input[type='search'] { width: 100%; }
.mkt-chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 var(--gap); padding: 0; list-style: none; }
.mkt-chip { border: 1px solid var(--border-strong); background: var(--surface); color: var(--text); border-radius: 999px;
  padding: 2px 10px; min-height: 26px; font: inherit; cursor: pointer; }
.mkt-chip[aria-pressed='true'] { background: var(--accent-soft); border-color: var(--accent); font-weight: 600; }
.mkt-chip:focus-visible { outline: none; box-shadow: var(--focus); }
.mkt-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; margin: 0 0 var(--gap); padding: 0; list-style: none; }
.mkt-card { display: flex; gap: 10px; align-items: flex-start; height: 100%; padding: 10px 12px; background: var(--surface);
  border: 1px solid var(--border-strong); border-radius: 6px; color: var(--text); text-decoration: none; box-sizing: border-box; }
.mkt-card:hover { background: var(--surface-2); }
.mkt-card:focus-visible { outline: none; box-shadow: var(--focus); }
.mkt-card.mkt-third-party { border-left: 3px solid var(--warn); }
.mkt-avatar { flex: none; display: inline-grid; place-items: center; width: 36px; height: 36px; border-radius: 8px;
  background: var(--accent-soft); color: var(--accent); font-weight: 700; font-size: 16px; }
.mkt-third-party .mkt-avatar, .mkt-avatar.mkt-avatar-third { background: var(--warn-soft); color: var(--warn); }
.mkt-card-body { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.mkt-card-title { font-weight: 600; }
.mkt-card-text { color: var(--muted); overflow-wrap: anywhere; }
.mkt-card-meta { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.mkt-detail-head { display: flex; gap: 12px; align-items: flex-start; }
.mkt-detail-head .mkt-avatar { width: 48px; height: 48px; font-size: 22px; }
.mkt-description { white-space: pre-line; max-width: 72ch; }
.mkt-hash { overflow-wrap: anywhere; }
.mkt-options { width: 100%; }
.mkt-source-error { margin: 6px 0 0; }
.mkt-form-grid { display: grid; gap: 10px; }
@media (max-width: 760px) {
  .mkt-grid { grid-template-columns: 1fr; }
  .mkt-controls .segmented { width: 100%; }
  .mkt-controls .segmented .btn { flex: 1; }
}
`;
