import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { MeshPeerView } from './network-mesh.api';
import { agentPeerRows, agentSummary, revisionLag } from './network-mesh-agent';

/**
 * A peer's agent in the Mesh tab's table: connected or when last seen, the
 * config revision it applied against the network's, why it could not apply
 * one, and — folded — its own view of its handshakes. A device without an
 * agent runs a config file: its revision is the one it last downloaded.
 */
@Component({
  selector: 'clan-mesh-agent-cell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
      min-width: 11em;
    }
    .agent-dot[data-tone='online'] {
      background: var(--ok);
    }
    .agent-dot[data-tone='offline'] {
      background: var(--warn);
    }
    .agent-dot[data-tone='none'] {
      background: transparent;
      border: 1px solid var(--muted);
    }
    .agent-lag[data-behind='true'] {
      color: var(--warn);
    }
    .agent-error {
      color: var(--danger);
      overflow-wrap: anywhere;
    }
    details summary {
      cursor: pointer;
      color: var(--accent);
    }
    details ul {
      margin: 4px 0 0;
      padding-left: 16px;
    }
  `,
  template: `
    <span class="status-dot agent-dot" [attr.data-tone]="summary().tone" aria-hidden="true"></span>
    <span [attr.data-testid]="'mesh-agent-' + peer().name">{{ summary().text }}</span>
    <br />
    <span
      class="small agent-lag"
      [attr.data-behind]="lag().behind > 0"
      [attr.data-testid]="'mesh-agent-revision-' + peer().name"
      [title]="
        peer().agent
          ? 'The agent applied revision ' + applied() + '; the network is at ' + revision() + '.'
          : 'The device last downloaded its config at revision ' + applied() + '; the network is at ' + revision() + '.'
      "
      >{{ lag().text }}</span
    >
    @if (peer().agent?.error; as problem) {
      <div class="small agent-error" role="alert" [attr.data-testid]="'mesh-agent-error-' + peer().name">
        Could not apply the config: {{ problem }}
      </div>
    }
    @if (peer().agent; as agent) {
      <details [attr.data-testid]="'mesh-agent-details-' + peer().name">
        <summary class="small">Its own view ({{ rows().length }} {{ rows().length === 1 ? 'peer' : 'peers' }})</summary>
        <ul class="small">
          @for (row of rows(); track row.name) {
            <li>
              <strong>{{ row.name }}</strong><span class="muted"> · {{ row.handshake }}</span>
            </li>
          } @empty {
            <li class="muted">No status report yet.</li>
          }
        </ul>
        @if (agent.version) {
          <p class="muted small">clanctl {{ agent.version }}</p>
        }
      </details>
    }
  `,
})
export class MeshAgentCell {
  readonly peer = input.required<MeshPeerView>();
  /** The network's mesh revision. */
  readonly revision = input.required<number>();
  /** When the mesh was read. */
  readonly now = input.required<number>();
  /** Peer names by public key, for an agent that reports only keys. */
  readonly namesByKey = input<ReadonlyMap<string, string>>(new Map());

  protected readonly summary = computed(() => agentSummary(this.peer().agent, this.now()));
  protected readonly applied = computed(() => this.peer().agent?.appliedRevision ?? this.peer().syncedRevision);
  protected readonly lag = computed(() => revisionLag(this.applied(), this.revision()));
  protected readonly rows = computed(() => {
    const agent = this.peer().agent;
    return agent ? agentPeerRows(agent, this.namesByKey(), this.now()) : [];
  });
}
