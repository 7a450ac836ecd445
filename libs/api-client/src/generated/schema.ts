/* eslint-disable */
// Generated from libs/api-client/openapi.json by `npm run openapi`. Do not edit.

export interface paths {
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every audit entry, newest first */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with username, password and, when enabled, a TOTP or recovery code */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller, their CSRF token and their network memberships */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the caller's password; ends their other sessions */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/totp/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor sign-in off (needs the password) */
        post: operations["disableTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/totp/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start setting up an authenticator app; pending until verified */
        post: operations["enrolTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/totp/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the authenticator with a code; turns two-factor sign-in on */
        post: operations["verifyTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backups/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A device reports a backup it ran, authenticated by its policy's check-in token (the dead-man switch's heartbeat) */
        post: operations["checkInBackup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backups/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Family view: is my stuff safe? The devices you own, "safe" or "needs attention", and what to do */
        get: operations["getMyBackups"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ca/{networkId}/{format}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's CA certificate through a signed link from the home page (a phone's QR code), valid for a day */
        get: operations["downloadNetworkCaSigned"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/catalog/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The apps a machine can run, with ports, backed-up state and the JSON Schema of their options */
        get: operations["listCatalogApps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/catalog/schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** JSON Schema of configs.json and of one machine config */
        get: operations["getCatalogSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/consoles/recordings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recorded terminal sessions the caller may replay, newest first */
        get: operations["listRecordings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fleet/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tang servers, Clevis policies and the dependency matrix
         * @description Per host: its Tang server and policy; which hosts boot unattended when others are down; a whole-fleet cold start.
         */
        get: operations["getFleetUnlock"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fleet/unlock/hosts/{hostId}/bind": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bind the host’s LUKS device to its policy, as a task on the host
         * @description The passphrase is sealed to the host for this task only and replaces no key: the disk still opens with it.
         */
        post: operations["bindHostDisk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fleet/unlock/hosts/{hostId}/clevis-config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The exact clevis sss configuration the host’s policy binds */
        get: operations["getHostClevisConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fleet/unlock/hosts/{hostId}/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the host’s Clevis policy (t of its pins: other hosts’ Tang servers, its TPM) */
        put: operations["setHostClevisPolicy"];
        post?: never;
        /** Forget the host’s policy (its disk keeps the binding it has) */
        delete: operations["deleteHostClevisPolicy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fleet/unlock/hosts/{hostId}/tang": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Start or stop the host’s Tang server, as a task on the host */
        put: operations["setHostTang"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fleet/unlock/hosts/{hostId}/tang/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the host’s Tang keys; every bound host whose policy uses it is rebound */
        post: operations["rotateHostTangKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health of the panel and the components it drives */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/diagnostics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check every component and sample host load, as a task
         * @description Checks the database, Redis, libvirt, nix and free disk space of the state directory, then samples load once a second.
         */
        post: operations["runHostDiagnostics"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/generations/gc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Garbage-collect old generations of every machine (keeps the last N and every referenced one) */
        post: operations["collectGenerations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/journal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The host's journal (journalctl): newest entries, or a page before/after a cursor; filter by unit and priority */
        get: operations["getHostJournal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Host metrics over a range
         * @description cpu (percent), memory and memoryTotal (bytes), diskRead, diskWrite, netRx, netTx (bytes per second), each point the average and maximum of its step; and load (1-minute load average).
         */
        get: operations["getHostMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/recordings/{recordingId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Any recording (host shells and serial consoles): who, when, what */
        get: operations["getRecording"];
        put?: never;
        post?: never;
        /** Delete a recording before its retention ends */
        delete: operations["deleteRecording"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/recordings/{recordingId}/cast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Any recording as an asciicast v2 file */
        get: operations["downloadRecording"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/terminal/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shells running on the host, and who is connected to each */
        get: operations["listHostTerminalSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/terminal/ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use, short-lived ticket to open a shell on the host (or join a running one) over the console WebSocket */
        post: operations["issueHostTerminalTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/host/vms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every domain of this panel on the host's libvirt, with unknown ones flagged */
        get: operations["listHostVms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/hosts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The fleet’s hosts: state by heartbeat, capacity, load, machines, versions */
        get: operations["listHosts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/hosts/{hostId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One host */
        get: operations["getHost"];
        put?: never;
        post?: never;
        /** Forget an offline worker host that runs no machines */
        delete: operations["removeHost"];
        options?: never;
        head?: never;
        /** Rename a host, or stop/start placing machines on it (draining) */
        patch: operations["updateHost"];
        trace?: never;
    };
    "/api/hosts/{hostId}/drain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move every machine of a host to the others, one at a time (a task) */
        post: operations["drainHost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/hosts/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new host spends its one-time token (`clan-panel worker enrol`): its credential and how to reach the panel over the fleet mesh */
        post: operations["enrolHost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/hosts/enrolments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enrolment tokens made, waiting or used (never the tokens themselves) */
        get: operations["listHostEnrolments"];
        put?: never;
        /** A one-time token for a new host, and the commands to run there (shown once) */
        post: operations["createHostEnrolment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/hosts/enrolments/{enrolmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an unused enrolment token */
        delete: operations["revokeHostEnrolment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/marketplace/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Apps and network templates: the built-in apps and those of every source, with source, revision, narHash and options */
        get: operations["listMarketplaceEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/marketplace/entries/{source}/{kind}/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One app or template of a source ("built-in" for the panel's own apps) */
        get: operations["getMarketplaceEntry"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/marketplace/entries/{source}/template/{key}/networks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a network from a template: its machines with their built-in apps in one commit (fresh keys and secrets), and an install review for each third-party app */
        post: operations["createNetworkFromTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/marketplace/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a nix:// link names here: a network of this panel, or a template repository */
        get: operations["resolveNixLink"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/marketplace/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The marketplace sources, with their indexed revision and last error */
        get: operations["listMarketplaceSources"];
        put?: never;
        /** Add a git repository as a source: mirror it, index its clanMarketplace and pin the revision (a failed first refresh shows in lastError) */
        post: operations["createMarketplaceSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/marketplace/sources/{sourceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One source with every revision the panel indexed */
        get: operations["getMarketplaceSource"];
        put?: never;
        post?: never;
        /** Remove a source, its entries and its mirror */
        delete: operations["deleteMarketplaceSource"];
        options?: never;
        head?: never;
        /** Make a source verified (only revisions signed by one of its SSH signer keys are indexed) or not, and change its signer keys; nothing else changes */
        patch: operations["updateMarketplaceSource"];
        trace?: never;
    };
    "/api/marketplace/sources/{sourceId}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Fetch the source again and index the new revision; on failure lastError says why and the last index stays */
        post: operations["refreshMarketplaceSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/home": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your home: the networks you are in, their apps with links by mesh name, their machines and your devices with their backups in words, and who the admins are */
        get: operations["getMyHome"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mesh/agents/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enrol a device agent with an invite: the device joins with its own public key; returns the agent's token (shown once) */
        post: operations["enrolMeshAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mesh/invites/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invite link is for (network, suggested name, expiry, mesh layer) */
        get: operations["previewMeshInvite"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/mesh/invites/{token}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join with one device: its own public key (preferred) or a panel-made key pair; returns its config and QR code */
        post: operations["acceptMeshInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's networks with their role (every network for the host admin) */
        get: operations["listNetworks"];
        put?: never;
        /** Create a network; the caller becomes its owner */
        post: operations["createNetwork"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One network */
        get: operations["getNetwork"];
        put?: never;
        post?: never;
        /** Delete a network and its memberships */
        delete: operations["deleteNetwork"];
        options?: never;
        head?: never;
        /** Change a network's description or system (the name is permanent) */
        patch: operations["updateNetwork"];
        trace?: never;
    };
    "/api/networks/{networkId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A network's audit entries, newest first */
        get: operations["listNetworkAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's backup policies with their status */
        get: operations["listBackupPolicies"];
        put?: never;
        /** Back up a machine or device: paths, hooks, schedule, retention, check schedule, freshness thresholds */
        post: operations["createBackupPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/policies/{policyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One backup policy with its status */
        get: operations["getBackupPolicy"];
        put?: never;
        post?: never;
        /** Delete a policy and its run history (snapshots stay in the repository) */
        delete: operations["deleteBackupPolicy"];
        options?: never;
        head?: never;
        /** Change a backup policy (not its subject) */
        patch: operations["updateBackupPolicy"];
        trace?: never;
    };
    "/api/networks/{networkId}/backups/policies/{policyId}/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A device reports a backup it ran, with an API token of the device's owner (or of someone with Backup.Restore) */
        post: operations["checkInBackupPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/policies/{policyId}/checkin-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a check-in token for the device (shown once; replaces the previous one) */
        post: operations["createBackupCheckinToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/policies/{policyId}/prune": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply the policy's retention now (`forget --prune` on its own snapshots), as a task */
        post: operations["pruneBackupPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/policies/{policyId}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Back up now, as a task with progress (then retention, when the policy keeps anything) */
        post: operations["runBackupPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/policies/{policyId}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The policy's runs and check-ins, newest first, with their summaries */
        get: operations["listBackupRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/policies/{policyId}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify the restore now: boot the policy's latest snapshot in a throw-away VM with no network on the generation it was taken on, as a task */
        post: operations["verifyBackupPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Poll the network's repositories now (snapshots, size), re-evaluate and notify, and answer the status */
        post: operations["refreshBackupStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's backup repositories (targets), with check and storage figures */
        get: operations["listBackupRepositories"];
        put?: never;
        /** Add a repository: a host directory (host admins only: 403 otherwise) or an S3 bucket; its location, password and keys are stored encrypted. Without a password the panel generates one and answers it this once. Initialise it with …/init. */
        post: operations["createBackupRepository"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories/{repositoryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One backup repository */
        get: operations["getBackupRepository"];
        put?: never;
        post?: never;
        /** Forget a repository in the panel (its data stays where it is) */
        delete: operations["deleteBackupRepository"];
        options?: never;
        head?: never;
        /** Rename a repository or replace its S3 keys */
        patch: operations["updateBackupRepository"];
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories/{repositoryId}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start `restic check` (optionally --read-data-subset) as a task; a failure names the repository */
        post: operations["checkBackupRepository"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories/{repositoryId}/init": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start `restic init` as a task (succeeds when the repository already exists and opens) */
        post: operations["initBackupRepository"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Snapshots in the repository, newest first (live `restic snapshots`) */
        get: operations["listBackupSnapshots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a path of a snapshot on this host, to its original location or under another directory (host admins), as a task with progress */
        post: operations["restoreBackupSnapshot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/restore-in-machine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a path of a machine's snapshot into the running machine: its VM controller restores from the original in the machine's own repository (answers when done) */
        post: operations["restoreBackupSnapshotInMachine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** File browser: the entries of one directory of a snapshot (`restic ls`) */
        get: operations["listBackupSnapshotFiles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/repositories/{repositoryId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Repository size and free space over time (one sample per poll or run), for the usage chart */
        get: operations["getBackupRepositoryUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/backups/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dashboard: every machine and device with coverage, freshness, integrity and storage; the repositories */
        get: operations["getBackupStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/ca.crt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's CA certificate (DER: Android, Windows) */
        get: operations["downloadNetworkCaDer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/ca.mobileconfig": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's CA certificate as an Apple configuration profile (iPhone, iPad, Mac) */
        get: operations["downloadNetworkCaProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/ca.pem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's CA certificate (PEM: Linux, Firefox, macOS Keychain); created on first use */
        get: operations["downloadNetworkCaPem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/config.git/git-upload-pack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** git smart HTTP: send the objects a clone/fetch asked for */
        post: operations["gitUploadPack"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/config.git/HEAD": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** git dumb HTTP: the HEAD ref */
        get: operations["gitHead"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/config.git/info/refs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** git smart HTTP: ref advertisement (clone/fetch only) */
        get: operations["gitInfoRefs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/config/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Diff between two revisions (default: the head against its parent) */
        get: operations["getConfigDiff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/config/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Commits of the configuration repository, newest first */
        get: operations["getConfigHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/config/raw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** configs.json as text, at the head or a revision */
        get: operations["getRawConfig"];
        /** Replace configs.json (validated; stored normalized with defaults filled) */
        put: operations["putRawConfig"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/config/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new commit whose tree equals an earlier revision (history is never rewritten) */
        post: operations["revertConfig"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/config/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Head, clone link and per-machine drift (configured vs deployed revision) */
        get: operations["getConfigStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/help-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the network's admins for remote help: they get a notification "<you> asks for remote help: <message>" */
        post: operations["askForHelp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's machines (configs.json), with apps, control mode and drift */
        get: operations["listMachines"];
        put?: never;
        /** Add a machine to configs.json (one commit; dryRun previews it) */
        post: operations["createMachine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One machine: network layer, local layer, effective config, control mode, drift */
        get: operations["getMachine"];
        /** Replace the machine's network layer. Who may write follows the machine's adminMode (docs/api.md, "Control modes"); 403 says why not. */
        put: operations["updateMachine"];
        post?: never;
        /** Remove the machine from configs.json, with its overrides */
        delete: operations["deleteMachine"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/app-credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The first admin credential of each of the machine's apps: names, dates, whether shown — never the secret */
        get: operations["listAppCredentials"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/app-credentials/{app}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Show the secret (audited); once it has been shown, only with confirm: true */
        post: operations["revealAppCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/app-credentials/{app}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the secret; the machine gets it with its next deployment */
        post: operations["rotateAppCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/console": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The machine's consoles: display setting, what can be opened now, who is connected */
        get: operations["getMachineConsole"];
        /** Turn the graphical console (VNC) on or off; takes effect when the VM is next started */
        put: operations["setMachineConsole"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/console/log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The VM's serial output kept by the panel (current boot by default), by absolute offset or from the end */
        get: operations["getSerialScrollback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/console/ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use, short-lived ticket to open the serial or graphical console over the console WebSocket */
        post: operations["issueMachineConsoleTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/deploy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Build the machine at a revision (default: the head) and boot it as a new generation (a build task, then a deployment task) */
        post: operations["deployMachine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/generations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The machine's generations, newest first (revision, store path, built/booted/healthy/rolled back) */
        get: operations["listGenerations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/generations/{number}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Boot an earlier generation again (a deployment task; no automatic rollback from it) */
        post: operations["rollbackGeneration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/guest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inside the machine: what its VM controller reports (uptime, generation, state disk use, failed services) */
        get: operations["getGuestFacts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A machine's metrics over a range
         * @description cpu (percent), memory and memoryTotal (bytes), diskRead, diskWrite, netRx, netTx (bytes per second), each point the average and maximum of its step.
         */
        get: operations["getMachineMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/migrate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a machine to another host (cold: stop, copy its state disk, boot there, health check; back on failure) */
        post: operations["migrateMachine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/overrides": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace the machine's local layer (overrides/<machine>.json). Who may write follows the machine's adminMode (docs/api.md, "Control modes"); 403 says why not. */
        put: operations["updateMachineOverrides"];
        post?: never;
        /** Revoke one local override (?path=) or all of them. Who may write follows the machine's adminMode (docs/api.md, "Control modes"); 403 says why not. */
        delete: operations["revokeMachineOverrides"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/placement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The host a machine runs on, and the hosts it could move to */
        get: operations["getMachinePlacement"];
        /** Choose the host of a machine before its first deployment */
        put: operations["setMachinePlacement"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bring a machine back as one of its snapshots recorded it: the snapshot becomes its state disk (the current one is kept aside), its configuration goes back to the recorded revision and the recorded generation boots, as a task */
        post: operations["restoreWholeMachine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/vm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The machine's VM: state, uptime, generation, health, drift, the action under way */
        get: operations["getVm"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/vm/{action}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start, stop (ACPI, forced off after 60 s), reboot, suspend or resume the VM (a task) */
        post: operations["vmPower"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/machines/{machine}/vm/serial-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The end of the VM's serial console output since its last boot */
        get: operations["getSerialLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/marketplace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's third-party apps (pinned revision, option schema, machines, newer revision) and its reviews */
        get: operations["getNetworkMarketplace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/marketplace/apps/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unpin a third-party app no machine uses (one commit) */
        delete: operations["removeNetworkMarketplaceApp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/marketplace/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Review installing a third-party app (or updating it to the source's newest revision): the repository diff and the source's Nix diff; nothing is pinned or built */
        post: operations["createMarketplaceReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/marketplace/reviews/{reviewId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review with both diffs */
        get: operations["getMarketplaceReview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/marketplace/reviews/{reviewId}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pin the reviewed revision (marketplace.json, flake.nix, flake.lock; the machine, if named) in one commit; nothing is deployed */
        post: operations["acceptMarketplaceReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/marketplace/reviews/{reviewId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn a review down; nothing changes */
        post: operations["rejectMarketplaceReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A network's members with their roles */
        get: operations["listNetworkMembers"];
        put?: never;
        /**
         * Add an existing user to the network
         * @description Nobody can grant a role above their own (the host admin can grant any); admins cannot change or remove owners; the last owner can never be demoted or removed (409).
         */
        post: operations["addNetworkMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member from the network
         * @description Nobody can grant a role above their own (the host admin can grant any); admins cannot change or remove owners; the last owner can never be demoted or removed (409).
         */
        delete: operations["removeNetworkMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Nobody can grant a role above their own (the host admin can grant any); admins cannot change or remove owners; the last owner can never be demoted or removed (409).
         */
        patch: operations["updateNetworkMember"];
        trace?: never;
    };
    "/api/networks/{networkId}/mesh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's mesh: address ranges, peers with online state, and who has picked up recent removals */
        get: operations["getMesh"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enrol a device agent: the device joins with its own public key, owned by the caller; returns the agent's token (shown once) */
        post: operations["createMeshAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply the member list to the host's interface now (it also happens after every change and every minute) */
        post: operations["applyMesh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a device: the lowest free address, and a key pair unless the device brings its public key */
        post: operations["createMeshDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/devices/{device}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a device from the mesh: its address is freed, no peer renders it any more */
        delete: operations["revokeMeshDevice"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/devices/{device}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block a device: out of the mesh everywhere at once, but it keeps its address and key for an unblock */
        post: operations["blockMeshDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/devices/{device}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The device's config in one of its layer's forms (with its private key when the panel holds it, else the {{PRIVATE_KEY}} placeholder) */
        get: operations["getMeshDeviceConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/devices/{device}/qr": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The device's config in its layer's default form as a QR code (SVG), for the layer's phone apps; it carries the private key */
        get: operations["getMeshDeviceQr"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/devices/{device}/unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Let a blocked device back in with its address and key */
        post: operations["unblockMeshDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/invites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invites of this network, newest first (tokens are never shown again) */
        get: operations["listMeshInvites"];
        put?: never;
        /** Create a single-use, expiring invite link for one device (with a QR code) */
        post: operations["createMeshInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/invites/{inviteId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Cancel an unused invite */
        delete: operations["cancelMeshInvite"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/peers/{peer}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set a device's or machine's groups (reachability rules may name them) */
        patch: operations["updateMeshPeer"];
        trace?: never;
    };
    "/api/networks/{networkId}/mesh/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reachability rules (who may reach which machine and port) and what they allow */
        get: operations["getMeshRules"];
        /** Replace the reachability rules; machines' firewalls follow */
        put: operations["putMeshRules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A network's metrics over a range: the sums of its machines'
         * @description cpu (percent), memory and memoryTotal (bytes), diskRead, diskWrite, netRx, netTx (bytes per second), each point the average and maximum of its step. cpu is weighted by the machines' vCPUs.
         */
        get: operations["getNetworkMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/notification-targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network's notification targets with their last delivery status */
        get: operations["listNetworkNotificationTargets"];
        put?: never;
        /** Add a webhook, ntfy or email target for this network's notifications */
        post: operations["createNetworkNotificationTarget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/notification-targets/{targetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a network target (its pending deliveries are dropped) */
        delete: operations["deleteNetworkNotificationTarget"];
        options?: never;
        head?: never;
        /** Change a network target (omitted fields stay; a null secret clears it) */
        patch: operations["updateNetworkNotificationTarget"];
        trace?: never;
    };
    "/api/networks/{networkId}/notification-targets/{targetId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test notification now and answer whether it arrived (recorded as the last delivery status) */
        post: operations["testNetworkNotificationTarget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/person-invites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A network's person invites, newest first (their links are never shown again) */
        get: operations["listPersonInvites"];
        put?: never;
        /**
         * A one-time link with which a person creates their own account and joins this network with a role
         * @description Nobody can invite with a role above their own (the host admin can invite with any).
         */
        post: operations["createPersonInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/person-invites/{inviteId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw an unused person invite: its link stops working */
        delete: operations["revokePersonInvite"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network as a published template, or null */
        get: operations["getNetworkPublication"];
        put?: never;
        /** Publish (or publish again) the network as a template: machines and app settings, never keys, secrets, members or local changes; served read-only with a nix:// link */
        post: operations["publishNetwork"];
        /** Stop publishing the network (its repository is removed) */
        delete: operations["unpublishNetwork"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/recordings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recordings of the network's serial consoles, newest first */
        get: operations["listNetworkRecordings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/recordings/{recordingId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One recording of a serial console of the network: who, when, what */
        get: operations["getNetworkRecording"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/recordings/{recordingId}/cast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The recording as an asciicast v2 file (replay it in the web player or asciinema) */
        get: operations["downloadNetworkRecording"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The upstream the network follows, what its flake.lock pins and what the last check found */
        get: operations["getNetworkUpdates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the upstream's branch for a newer revision now, as a task */
        post: operations["checkNetworkUpdates"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Preview the upstream's newest revision: the lock diff and, per machine, what changes (a task; nothing is deployed) */
        post: operations["previewNetworkUpdate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/previews/{previewId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One preview: the lock diff and per machine what changes */
        get: operations["getNetworkUpdatePreview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/rollouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rollouts of this network, newest first */
        get: operations["listNetworkUpdateRollouts"];
        put?: never;
        /** Roll a ready preview out: commit its lock, then update machine by machine, canary first, halting on the first failed gate */
        post: operations["startNetworkUpdateRollout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/rollouts/{rolloutId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rollout, machine by machine */
        get: operations["getNetworkUpdateRollout"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/rollouts/{rolloutId}/abort": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take every machine the rollout updated back to the generation it ran before, and put the old lock back */
        post: operations["abortNetworkUpdateRollout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/rollouts/{rolloutId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A halted rollout: try the machine that failed again, then go on */
        post: operations["resumeNetworkUpdateRollout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/rollouts/{rolloutId}/skip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A halted rollout: leave the failed machine as it is, then go on */
        post: operations["skipNetworkUpdateRolloutMachine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Automatic updates (on or off) and the maintenance window */
        put: operations["setNetworkUpdateSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/networks/{networkId}/updates/upstream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Follow a git flake for the clan input (locked and committed as flake.nix + flake.lock), or stop following (null) */
        put: operations["setNetworkUpdateUpstream"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notification-targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Host-level notification targets with their last delivery status */
        get: operations["listNotificationTargets"];
        put?: never;
        /** Add a host-level webhook, ntfy or email target */
        post: operations["createNotificationTarget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notification-targets/{targetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a host-level target (its pending deliveries are dropped) */
        delete: operations["deleteNotificationTarget"];
        options?: never;
        head?: never;
        /** Change a host-level target (omitted fields stay; a null secret clears it) */
        patch: operations["updateNotificationTarget"];
        trace?: never;
    };
    "/api/notification-targets/{targetId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test notification now and answer whether it arrived (recorded as the last delivery status) */
        post: operations["testNotificationTarget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your notifications, newest first, with read state and the unread count */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/{notificationId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one notification as read (for you) */
        post: operations["readNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark every notification you can see as read */
        post: operations["readNotifications"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many of your notifications are unread (the bell) */
        get: operations["getNotificationUnreadCount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/password-reset/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whose password a reset link sets (username, name, expiry) */
        get: operations["previewPasswordReset"];
        put?: never;
        /** Set a new password with a reset link (once); ends the person's sessions */
        post: operations["usePasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/person-invites/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invitation is for: the network, the inviter's name, the role */
        get: operations["previewPersonInvite"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/person-invites/{token}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create your account with an invitation (once): joins the network with its role and signs you in */
        post: operations["acceptPersonInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/published/{networkId}.git/git-upload-pack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** git smart HTTP of a published template: send the objects a clone/fetch asked for */
        post: operations["publishedUploadPack"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/published/{networkId}.git/HEAD": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** git dumb HTTP of a published template: the HEAD ref */
        get: operations["publishedHead"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/published/{networkId}.git/info/refs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** git smart HTTP of a published template: ref advertisement (clone/fetch only) */
        get: operations["publishedInfoRefs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether first-run setup is still needed */
        get: operations["getSetupStatus"];
        put?: never;
        /** Create the host admin and sign in (only while no user exists) */
        post: operations["completeSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tasks the caller may see, newest first */
        get: operations["listTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{taskId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One task with its progress */
        get: operations["getTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{taskId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued or running task (its starter, a network owner/admin, or a host admin)
         * @description A queued task is cancelled at once; a running one answers `cancelRequested: true` and turns `cancelled` when its worker stops.
         */
        post: operations["cancelTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{taskId}/log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the task's log lines after a given seq */
        get: operations["getTaskLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's API tokens (never the secrets) */
        get: operations["listTokens"];
        put?: never;
        /** Create an API token; the secret is in this response only */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of the caller's API tokens */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/revoke-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke every API token of the caller (tokens survive a password change; this ends them) */
        post: operations["revokeAllTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All panel users */
        get: operations["listUsers"];
        put?: never;
        /** Create a panel user */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a user (not yourself, not the last host admin); ends their sessions */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        /**
         * Rename, make or remove a host admin, disable or re-enable a user
         * @description Never disables yourself; the last enabled host admin stays a host admin and enabled. Disabling ends the sessions.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/users/{userId}/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A one-time link (24 h) with which the person sets a new password; shown once, replaces earlier unused links */
        post: operations["createPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AcceptedInviteDto: {
            /** @description The config in the layer's default form (WireGuard: wg-quick); with {{PRIVATE_KEY}} as placeholder when the device brought its own key. */
            config: string;
            device: components["schemas"]["MeshPeerDto"];
            /** @example family.clan */
            domain: string;
            /** @description SVG QR code of the config (WireGuard phone apps scan it); null without a panel-held key. */
            qrSvg: string | null;
        };
        AcceptedPersonInviteDto: {
            /** @description The new session: send as X-CSRF-Token on writes. */
            csrfToken: string;
            /** Format: uuid */
            networkId: string;
            /**
             * @description Where the web app goes next: `/home`, or `/join/<token>` to enrol a first device.
             * @example /home
             */
            next: string;
            user: components["schemas"]["UserDto"];
        };
        AcceptInviteDto: {
            /** @example anna-phone */
            name: string;
            /** @description The public key the device generated, in the layer's form (the preview's `layer`; WireGuard: `wg genkey | wg pubkey`, or the join page in the browser): the private key never leaves it. */
            publicKey?: string;
        };
        AcceptMarketplaceReviewDto: {
            /** @description The commit that pinned the app. */
            commit: string;
            /** @description The machine the app was added to. */
            machine: string | null;
            review: components["schemas"]["MarketplaceReviewDto"];
        };
        AcceptPersonInviteDto: {
            /** @example Alice Smith */
            displayName?: string;
            /** Format: password */
            password: string;
            /**
             * @description Stored lower-case. 3–64 characters: a–z, 0–9, "-", "_", ".".
             * @example alice
             */
            username: string;
        };
        AddMemberDto: {
            /** @example viewer */
            role: components["schemas"]["NetworkRole"];
            /**
             * @description An existing panel user.
             * @example alice
             */
            username: string;
        };
        ApiTokenDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            /** @example backup script */
            name: string;
            /**
             * @description The first characters of the token, to recognise it.
             * @example clan_Ab3dE5g
             */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        ApiTokenListDto: {
            items: components["schemas"]["ApiTokenDto"][];
            /** @example 2 */
            total: number;
        };
        AppCredentialDto: {
            /**
             * @description The app's key in configs.json.
             * @example vaultwarden
             */
            app: string;
            /**
             * @description every-deploy: a rotated secret replaces the old one at the next deployment; first-boot: the app takes it once, when it is set up (change it in the app afterwards).
             * @enum {string}
             */
            applies: "every-deploy" | "first-boot";
            /** Format: date-time */
            createdAt: string;
            /**
             * @description Where the machine reads it (root only).
             * @example [
             *       "/run/clan-secrets/apps/vaultwarden/admin-token"
             *     ]
             */
            files: string[];
            /**
             * @description A password for `username`, or a token (Vaultwarden’s admin page).
             * @enum {string}
             */
            kind: "password" | "token";
            /** @description How often it was shown since it was created or last rotated. */
            revealCount: number;
            /**
             * Format: date-time
             * @description First shown (since it was created or last rotated); null: never shown.
             */
            revealedAt: string | null;
            /** Format: date-time */
            rotatedAt: string | null;
            /**
             * @description Where to use it: the app on its HTTPS address in the mesh; null while the machine is not in the mesh.
             * @example https://vaultwarden.files.family.clan/admin
             */
            url: string | null;
            /** @description Where the secret is used, in a sentence. */
            usage: string;
            /**
             * @description The login name the password belongs to; null for a token.
             * @example admin
             */
            username: string | null;
        };
        AppCredentialListDto: {
            /** @description The credentials of the machine's active apps, in catalog order. */
            items: components["schemas"]["AppCredentialDto"][];
        };
        AppStateHookDto: {
            /** @example nextcloud */
            app: string;
            /** @example Dump the Nextcloud database next to its data before the backup runs. */
            description: string;
            /** @example nextcloud-db */
            id: string;
        };
        AuditEntryDto: {
            /**
             * @description From the operation id; `METHOD /route` for unknown routes.
             * @example network.member.add
             */
            action: string;
            /** @description The caller's display name when the entry was written (else the username); kept after the account is deleted. */
            actorName: string | null;
            /** Format: date-time */
            at: string;
            correlationId: string;
            /** @description The request body without passwords, secrets, tokens, codes or keys. */
            details: {
                [key: string]: unknown;
            };
            /** @example FORBIDDEN */
            errorCode: string | null;
            /** @description Increasing id. */
            id: string;
            ip: string | null;
            /** @example POST */
            method: string;
            /** Format: uuid */
            networkId: string | null;
            /**
             * @description The route pattern, not the raw URL.
             * @example /api/networks/:networkId/members
             */
            path: string;
            /** @enum {string} */
            result: "success" | "failure";
            statusCode: number;
            targetId: string | null;
            /** @example member */
            targetType: string | null;
            /**
             * Format: uuid
             * @description The API token used, if any.
             */
            tokenId: string | null;
            /** Format: uuid */
            userId: string | null;
            /** @description The caller, or the username a sign-in/setup attempt named. */
            username: string | null;
        };
        AuditListDto: {
            items: components["schemas"]["AuditEntryDto"][];
            total: number;
        };
        BackupHookDto: {
            /**
             * @description The command as argv (no shell; use ["sh", "-c", "…"] for one). Runs on the host as the panel user.
             * @example [
             *       "pg_dump",
             *       "--no-owner",
             *       "nextcloud"
             *     ]
             */
            command: string[];
            /**
             * @description Label in logs; for a dump hook, the file name its output gets in the snapshot.
             * @example nextcloud-db.sql
             */
            name: string;
        };
        BackupPolicyDto: {
            /** @description Steps the machine's apps ask for (catalog); add them as dump hooks. */
            appHooks: components["schemas"]["AppStateHookDto"][];
            checkReadDataSubset: string | null;
            checkSchedule: string | null;
            /** Format: date-time */
            createdAt: string;
            dumpHooks: components["schemas"]["BackupHookDto"][];
            /** @description What a run backs up: paths plus, for machines, the app state paths. */
            effectivePaths: string[];
            enabled: boolean;
            excludes: string[];
            /** @description A check-in token has been issued (the token itself is shown once). */
            hasCheckinToken: boolean;
            /** Format: uuid */
            id: string;
            includeAppState: boolean;
            keepDaily: number;
            keepLast: number;
            keepMonthly: number;
            keepWeekly: number;
            lateAfterHours: number;
            /** Format: uuid */
            networkId: string;
            /** Format: uuid */
            ownerUserId: string | null;
            paths: string[];
            postHooks: components["schemas"]["BackupHookDto"][];
            preHooks: components["schemas"]["BackupHookDto"][];
            /** Format: uuid */
            repositoryId: string;
            /** @example nas */
            repositoryName: string;
            /** @enum {string} */
            runner: "panel" | "device";
            schedule: string | null;
            /**
             * @description The restic tag every snapshot of this policy carries.
             * @example clan-policy:3f0c…
             */
            snapshotTag: string;
            staleAfterHours: number;
            status: components["schemas"]["BackupPolicyStatusDto"];
            /** @enum {string} */
            subjectKind: "machine" | "device";
            /** @example laptop-anna */
            subjectName: string;
            /** Format: date-time */
            updatedAt: string;
        };
        BackupPolicyListDto: {
            items: components["schemas"]["BackupPolicyDto"][];
            total: number;
        };
        BackupPolicyStatusDto: {
            /**
             * @description never / ok / late / stale from lastSuccessAt and the thresholds.
             * @enum {string}
             */
            freshness: "never" | "ok" | "late" | "stale";
            /**
             * Format: date-time
             * @description Last check-in of the device.
             */
            lastCheckinAt: string | null;
            lastError: string | null;
            /**
             * @description Class of the last failure (docs/backups.md).
             * @example wrong-password
             */
            lastErrorClass: string | null;
            /** Format: date-time */
            lastRunAt: string | null;
            /** @enum {string|null} */
            lastRunStatus: "succeeded" | "failed" | null;
            lastSnapshotId: string | null;
            /** Format: date-time */
            lastSuccessAt: string | null;
            /**
             * Format: date-time
             * @description Next scheduled backup (runner panel).
             */
            nextRunAt: string | null;
        };
        BackupRepositoryDto: {
            check: components["schemas"]["RepositoryCheckStatusDto"];
            /** Format: date-time */
            createdAt: string;
            /** @description Free bytes on the file system of a local repository. */
            freeBytes: number | null;
            /** @description True when S3 keys are stored. */
            hasCredentials: boolean;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description When the panel saw the repository exist (init or poll).
             */
            initializedAt: string | null;
            /** @enum {string} */
            kind: "local" | "s3";
            /**
             * @description The location without credentials.
             * @example /srv/backups/family
             */
            location: string;
            /** @example nas */
            name: string;
            /** Format: uuid */
            networkId: string;
            /** @description Policies that back up into it. */
            policies: number;
            /**
             * Format: date-time
             * @description Last poll of the repository.
             */
            polledAt: string | null;
            /** @description What the last poll could not do (null: it worked). */
            pollError: string | null;
            /**
             * @description Class of pollError.
             * @example repository-missing
             */
            pollErrorClass: string | null;
            /** @description Repository size in bytes (`restic stats --mode raw-data`). */
            sizeBytes: number | null;
        };
        BackupRepositoryListDto: {
            items: components["schemas"]["BackupRepositoryDto"][];
            total: number;
        };
        BackupRunDto: {
            durationMs: number | null;
            error: string | null;
            /**
             * @description source-unreadable, source-missing, repository-missing, repository-locked, wrong-password, repository-damaged, hook-failed, cancelled or other.
             * @example repository-locked
             */
            errorClass: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "backup" | "prune" | "check" | "restore" | "init";
            /** Format: uuid */
            policyId: string | null;
            /** Format: uuid */
            repositoryId: string;
            snapshotId: string | null;
            /**
             * @description panel: the panel's own task; checkin: reported by the device.
             * @enum {string}
             */
            source: "panel" | "checkin";
            /** Format: date-time */
            startedAt: string;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed";
            summary: components["schemas"]["BackupRunSummaryDto"];
            /**
             * Format: uuid
             * @description The task (progress and log) of a panel run.
             */
            taskId: string | null;
        };
        BackupRunListDto: {
            items: components["schemas"]["BackupRunDto"][];
            total: number;
        };
        BackupRunSummaryDto: {
            /** @description Bytes added to the repository. */
            bytesAdded?: number;
            /** @description Dump hooks: name, snapshot, bytes. */
            dumps?: Record<string, never>[];
            filesChanged?: number;
            filesNew?: number;
            filesUnmodified?: number;
            /**
             * @description The snapshot of the files (null when none was written).
             * @example 8c1f882f
             */
            snapshotId?: string | null;
            /** @description Bytes of the files processed. */
            totalBytes?: number;
            totalFiles?: number;
            /** @description What went wrong without failing the run (post hooks…). */
            warnings?: string[];
        };
        BackupSubjectStatusDto: {
            /** @description Seconds since lastSuccessAt. */
            ageSeconds: number | null;
            /**
             * @description protected: a backup of it has succeeded; not-yet-backed-up: it has an enabled policy but no successful backup yet; not-protected: no enabled policy.
             * @enum {string}
             */
            coverage: "protected" | "not-yet-backed-up" | "not-protected";
            /**
             * @description The worst freshness of its enabled policies; null when not protected.
             * @enum {string|null}
             */
            freshness: "never" | "ok" | "late" | "stale" | null;
            integrity: components["schemas"]["SubjectIntegrityDto"];
            /** @enum {string} */
            kind: "machine" | "device";
            /**
             * Format: date-time
             * @description The oldest "last success" among its policies.
             */
            lastSuccessAt: string | null;
            /** @example laptop-anna */
            name: string;
            policies: components["schemas"]["SubjectPolicyStatusDto"][];
            /**
             * @description The worst verification among its enabled machine policies; null when it has none.
             * @enum {string|null}
             */
            restorability: "verified" | "not-restorable" | "unverified" | null;
            /**
             * @description One word for the table: not-protected; first-backup-pending / -running / -failed before the first success; then protected, late or stale (the worst freshness of its successful policies).
             * @enum {string}
             */
            state: "not-protected" | "first-backup-pending" | "first-backup-running" | "first-backup-failed" | "protected" | "late" | "stale";
            storage: components["schemas"]["SubjectStorageDto"][];
            /**
             * @description "backed up and verified <date>", "backed up" or "not restorable"; null before the first backup.
             * @example backed up and verified 2026-12-07
             */
            words: string | null;
        };
        BindDto: {
            /** @description A passphrase the LUKS device opens with today. Sealed to the host for its bind task only; never stored readable. */
            passphrase: string;
        };
        BootMarkDto: {
            /**
             * Format: date-time
             * @description When the panel first saw the boot.
             */
            at: string;
            /** @description Offset of the boot's first byte. */
            offset: number;
        };
        BoundDto: {
            /** Format: date-time */
            at: string;
            /** @description The sss configuration bound. */
            config: string;
            /** @description The bound configuration is the one the policy renders now. */
            current: boolean;
            device: string | null;
            slot: number | null;
        };
        CatalogAppDto: {
            description: string;
            /**
             * @description The key under `applications` in configs.json.
             * @example syncthing
             */
            key: string;
            /** @example services.syncthing */
            nixosModule: string;
            /** @description Ports on the mesh with default options (none for clients). */
            ports: components["schemas"]["CatalogPortDto"][];
            /** @description JSON Schema (draft 2020-12) of the app's options; forms are rendered from it. */
            schema: {
                [key: string]: unknown;
            };
            /** @description What backups keep. */
            state: components["schemas"]["CatalogStateDto"];
            /** @example Syncthing */
            title: string;
        };
        CatalogAppsDto: {
            items: components["schemas"]["CatalogAppDto"][];
        };
        CatalogPortDto: {
            /** @example Web interface */
            description: string;
            /**
             * @description The option that sets this port, when it can be changed.
             * @example guiPort
             */
            option?: string;
            /**
             * @description With the app's default options.
             * @example 8384
             */
            port: number;
            protocol: components["schemas"]["PortProtocol"];
        };
        CatalogSchemaDto: {
            /** @description JSON Schema of a whole configs.json. */
            configs: {
                [key: string]: unknown;
            };
            /** @description JSON Schema of one machine's `config` as the machine routes take it (configs.json entry + localAdmins). */
            machine: {
                [key: string]: unknown;
            };
        };
        CatalogStateDto: {
            hooks: components["schemas"]["CatalogStateHookDto"][];
            /**
             * @description Options whose values are further paths to back up.
             * @example [
             *       "sharedFolders"
             *     ]
             */
            pathOptions: string[];
            /**
             * @example [
             *       "/var/lib/syncthing"
             *     ]
             */
            paths: string[];
        };
        CatalogStateHookDto: {
            description: string;
            /** @example nextcloud-db-dump */
            id: string;
        };
        ChangePasswordDto: {
            /** Format: password */
            currentPassword: string;
            /** Format: password */
            newPassword: string;
        };
        CheckinDto: {
            bytesAdded?: number;
            /** @description How long the backup took. */
            durationSeconds?: number;
            /** @description restic's error output (classified like the panel's own runs). */
            error?: string;
            /** @description restic's exit code, to classify a failure. */
            exitCode?: number;
            filesChanged?: number;
            filesNew?: number;
            filesUnmodified?: number;
            /**
             * Format: date-time
             * @description When it finished (default: now). Not in the future.
             */
            finishedAt?: string;
            /**
             * @description The snapshot restic wrote.
             * @example 8c1f882f
             */
            snapshotId?: string;
            /**
             * Format: date-time
             * @description When the backup started (default: finishedAt − durationSeconds).
             */
            startedAt?: string;
            /**
             * @description Outcome of the backup on the device.
             * @enum {string}
             */
            status: "succeeded" | "failed";
        };
        CheckinResultDto: {
            /** @enum {string} */
            freshness: "never" | "ok" | "late" | "stale";
            /**
             * Format: uuid
             * @description The run recorded for this check-in.
             */
            runId: string;
        };
        CheckinTokenDto: {
            /** @example X-Clan-Checkin-Token */
            header: string;
            /** @description The restic tags the device must give its snapshots so polling finds them. */
            tags: string[];
            /**
             * @description Shown once. Send it as the X-Clan-Checkin-Token header; a new one replaces it.
             * @example cbk_…
             */
            token: string;
            /** @example /api/backups/check-in */
            url: string;
        };
        CheckRepositoryDto: {
            /**
             * @description Also read and verify this part of the data (`--read-data-subset`): "10%" or "1/5". Omit for a metadata-only check.
             * @example 10%
             */
            readDataSubset?: string;
        };
        ClevisConfigDto: {
            /** @description The sss configuration as JSON. */
            config: {
                [key: string]: unknown;
            } | null;
            /** Format: uuid */
            hostId: string;
            problems: components["schemas"]["PolicyProblemDto"][];
            /** @description Exactly what `clevis luks bind … sss '<text>'` gets. */
            text: string | null;
        };
        ColdStartDto: {
            /** @description Host ids coming up unattended, round by round. */
            rounds: string[][];
            stuck: string[];
            unmanaged: string[];
        };
        CommitDto: {
            /** @example anna@users.clan.invalid */
            authorEmail: string;
            /** @example Anna */
            authorName: string;
            body: string;
            /** Format: date-time */
            date: string;
            parents: string[];
            /** @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d */
            sha: string;
            /** @example Add machine anna with syncthing */
            subject: string;
        };
        ComponentHealthDto: {
            /** @example PostgreSQL 15.19, 2 ms */
            detail: string;
            /**
             * @description When the component is not ok: what to do about it, as a sentence for a person.
             * @example libvirt is not reachable at qemu:///system: start it with `sudo systemctl start libvirtd` (Debian package libvirt-daemon-system).
             */
            message?: string;
            /**
             * @description `unavailable`: optional component not installed or not reachable.
             * @enum {string}
             */
            status: "ok" | "down" | "unavailable";
        };
        /**
         * @description `not-deployed` until the VM manager deploys; `behind` when the config changed after the deployed revision.
         * @enum {string}
         */
        ConfigDrift: "in-sync" | "not-deployed" | "behind";
        ConfigStatusDto: {
            /** @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d */
            head: string;
            /**
             * @description The nix:// link members clone the repository with; null when the panel has no usable host name.
             * @example nix://https-panel.example.org/api/networks/0d5c…/config.git
             */
            link: string | null;
            machines: components["schemas"]["MachineStatusDto"][];
        };
        ConsoleParticipantDto: {
            /** @description Open connections of this user. */
            connections: number;
            /** Format: date-time */
            since: string;
            /** Format: uuid */
            userId: string;
            username: string;
        };
        /**
         * @description The panel's hold on the serial console in this process.
         * @enum {string}
         */
        ConsoleState: "attached" | "attaching" | "stopped" | "busy" | "elsewhere";
        ConsoleTicketDto: {
            /** Format: date-time */
            expiresAt: string;
            /**
             * @description What the ticket opens; repeated in the WebSocket URL.
             * @example serial:7d3f…/web
             */
            target: string;
            /**
             * @description Single use; valid for CLAN_CONSOLE_TICKET_SECONDS (30 s by default).
             * @example ct_Qm9vYmFy…
             */
            ticket: string;
            /**
             * @description Path and query to open the WebSocket with (same host as the API; ws: or wss: like the page).
             * @example /api/consoles/ws?ticket=ct_…&target=serial%3A7d3f…%2Fweb
             */
            url: string;
        };
        CreateBackupPolicyDto: {
            /**
             * @description Scheduled checks also read this part of the data (`--read-data-subset`); null: metadata only.
             * @example 5%
             */
            checkReadDataSubset?: string | null;
            /**
             * @description When to run `restic check` on the repository.
             * @example 0 5 * * 0
             */
            checkSchedule?: string | null;
            /** @description Database dumps: each command's standard output is stored as the file /<name> in a snapshot of its own (restic --stdin). A command that exits non-zero fails the run and its partial snapshot is forgotten. */
            dumpHooks?: components["schemas"]["BackupHookDto"][];
            /**
             * @description Disabled policies keep their history but run nothing and raise no alerts.
             * @default true
             */
            enabled: boolean;
            /**
             * @description restic --exclude patterns.
             * @example [
             *       "*.tmp",
             *       "/srv/photos/cache"
             *     ]
             */
            excludes?: string[];
            /**
             * @description Machines: also back up the state paths of the machine's active apps (catalog) and its backup.extraPaths.
             * @default true
             */
            includeAppState: boolean;
            /**
             * @description Retention: keep the last snapshot of n days.
             * @default 0
             */
            keepDaily: number;
            /**
             * @description Retention: keep the last n snapshots.
             * @default 0
             */
            keepLast: number;
            /**
             * @description Retention: keep the last snapshot of n months.
             * @default 0
             */
            keepMonthly: number;
            /**
             * @description Retention: keep the last snapshot of n weeks.
             * @default 0
             */
            keepWeekly: number;
            /**
             * @description Hours after the last success when the subject is "late".
             * @default 26
             */
            lateAfterHours: number;
            /**
             * Format: uuid
             * @description The member whose device this is; the family view shows it to them. Must be a member of the network.
             */
            ownerUserId?: string | null;
            /**
             * @description Absolute paths to back up.
             * @example [
             *       "/srv/photos"
             *     ]
             */
            paths?: string[];
            /** @description Commands run after the backup, also after a failed one; failures become warnings. */
            postHooks?: components["schemas"]["BackupHookDto"][];
            /** @description Commands run before the backup; one failing fails the run. */
            preHooks?: components["schemas"]["BackupHookDto"][];
            /**
             * Format: uuid
             * @description The repository (backup target) of this network to back up into.
             */
            repositoryId: string;
            /**
             * @description `panel`: the panel runs restic on this host on the schedule (host admins only: it reads host paths). `device`: the device runs restic itself and reports through a check-in. Default: panel for machines, device for devices.
             * @enum {string}
             */
            runner?: "panel" | "device";
            /**
             * @description When the panel backs up (runner panel), as five-field cron in the host's time zone; null: only when started by hand.
             * @example 0 3 * * *
             */
            schedule?: string | null;
            /**
             * @description Hours after the last success when the subject is "stale" (not backed up: people are notified). At least lateAfterHours.
             * @default 72
             */
            staleAfterHours: number;
            /**
             * @description `machine`: a machine of the network configuration; `device`: a mesh device (a laptop…).
             * @enum {string}
             */
            subjectKind: "machine" | "device";
            /**
             * @description Name of the machine or device.
             * @example laptop-anna
             */
            subjectName: string;
        };
        CreateBackupRepositoryDto: {
            /**
             * @description `local`: a directory on the host (only host admins may choose one); `s3`: an S3-compatible bucket such as Garage.
             * @enum {string}
             */
            kind: "local" | "s3";
            /**
             * @description local: an absolute directory on the host. s3: restic's form `s3:https://host[:port]/bucket[/prefix]`. Stored encrypted; lists show it without any "user:password@" part.
             * @example /srv/backups/family
             */
            location: string;
            /**
             * @description Name, unique in the network.
             * @example nas
             */
            name: string;
            /** @description The restic repository password (RESTIC_PASSWORD). Omit it and the panel generates one and answers it once. Stored encrypted, never shown again. Losing it loses the backups. */
            password?: string;
            /** @description Required for kind s3. */
            s3?: components["schemas"]["S3CredentialsDto"];
        };
        CreatedBackupRepositoryDto: {
            check: components["schemas"]["RepositoryCheckStatusDto"];
            /** Format: date-time */
            createdAt: string;
            /** @description Free bytes on the file system of a local repository. */
            freeBytes: number | null;
            /** @description True when S3 keys are stored. */
            hasCredentials: boolean;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description When the panel saw the repository exist (init or poll).
             */
            initializedAt: string | null;
            /** @enum {string} */
            kind: "local" | "s3";
            /**
             * @description The location without credentials.
             * @example /srv/backups/family
             */
            location: string;
            /** @example nas */
            name: string;
            /** Format: uuid */
            networkId: string;
            /** @description The password the panel generated (no password was given), answered only here and never again: store it somewhere safe, without it the backups cannot be restored. Null when you gave one. */
            password: string | null;
            /** @description Policies that back up into it. */
            policies: number;
            /**
             * Format: date-time
             * @description Last poll of the repository.
             */
            polledAt: string | null;
            /** @description What the last poll could not do (null: it worked). */
            pollError: string | null;
            /**
             * @description Class of pollError.
             * @example repository-missing
             */
            pollErrorClass: string | null;
            /** @description Repository size in bytes (`restic stats --mode raw-data`). */
            sizeBytes: number | null;
        };
        CreatedEnrolmentDto: {
            /** @description What to run on the new host, in order. */
            commands: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            hostId: string | null;
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The one-time token (shown once; only its hash is kept). */
            token: string;
            /** Format: date-time */
            usedAt: string | null;
        };
        CreateDeviceDto: {
            /** @description Behind NAT: keepalives hold its mapping open. Default: true without an endpoint. */
            behindNat?: boolean;
            /**
             * @description "host:port" (or "[v6]:port") where other peers can reach the device; omit when they cannot.
             * @example 203.0.113.7:51820
             */
            endpoint?: string;
            /**
             * @description DNS label, unique among the active peers of the network: `<name>.<network>.clan`.
             * @example laptop
             */
            name: string;
            /**
             * @description The public key in the network's layer's form (WireGuard: base64, as `wg pubkey` prints it) when the device made its own key pair; the panel then never sees the private key. Without it the panel generates the pair and keeps the private key encrypted.
             * @example YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=
             */
            publicKey?: string;
            /** @description Forward traffic for peers that cannot reach each other directly (needs an endpoint). */
            relay?: boolean;
            /** @description Talk directly to relays only (small configs for QR codes). Default false. */
            relayOnly?: boolean;
        };
        CreatedFromTemplateDto: {
            machines: string[];
            network: components["schemas"]["NetworkDto"];
            /** @description One install review per third-party app the template uses. */
            reviews: components["schemas"]["MarketplaceReviewSummaryDto"][];
            skipped: components["schemas"]["SkippedAppDto"][];
        };
        CreatedInviteDto: {
            invite: components["schemas"]["InviteDto"];
            /**
             * @description The network's nix:// link (its configuration repository).
             * @example nix://https-panel.example.org/api/networks/…/config.git
             */
            nixLink: string | null;
            /** @description SVG QR code of the link (for a phone to open). */
            qrSvg: string;
            /** @description The secret part of the link; shown once, only its hash is kept. */
            token: string;
            /**
             * @description The link to send: opens the join page.
             * @example https://panel.example.org/join/3q2…
             */
            url: string;
        };
        CreatedPersonInviteDto: {
            invite: components["schemas"]["PersonInviteDto"];
            /** @description The secret part of the link; shown once, only its hash is kept. */
            token: string;
            /**
             * @description The link to send: opens the invite page.
             * @example https://panel.example.org/invite/3q2…
             */
            url: string;
        };
        CreatedTokenDto: {
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            name: string;
            /** @example clan_Ab3dE5g */
            prefix: string;
            /**
             * @description The secret: send it as "Authorization: Bearer …". Shown only this once.
             * @example clan_Ab3dE5gHiJkLmNoPqRsTuVwXyZ0123456789abcd
             */
            token: string;
        };
        CreateEnrolmentDto: {
            /** @default 60 */
            expiresInMinutes: number;
            /** @example garage-nuc */
            name: string;
        };
        CreateFromTemplateDto: {
            /** @example Our home network */
            description?: string;
            /**
             * @description DNS label: a-z, 0-9 and "-", not starting or ending with "-"; not one of new, all, host, localhost, nixos, self, inputs, outputs. Cannot be changed later.
             * @example family
             */
            name: string;
            /**
             * @description What the network's machines run: `nixos` (NixOS, built by the cLAN flake; needs nixpkgs) or `demo` (Demo system (not NixOS): the tiny test system, for hosts without nixpkgs). Default: `nixos`.
             * @example nixos
             */
            system?: components["schemas"]["NetworkSystem"];
        };
        CreateHelpRequestDto: {
            /**
             * @description What the member needs help with; the admins read it in their notifications.
             * @example The printer does not print from my laptop.
             */
            message: string;
        };
        CreateHostTargetDto: {
            /** @description Required when type is email. */
            email?: components["schemas"]["EmailSettingsDto"];
            /** @default true */
            enabled: boolean;
            /**
             * @description Only these kinds (exact, or a prefix like "backup.*"); null or empty: every kind.
             * @example [
             *       "backup.*"
             *     ]
             */
            kinds?: string[] | null;
            /**
             * @description This severity and above are delivered.
             * @default warning
             * @enum {string}
             */
            minSeverity: "info" | "warning" | "critical";
            /** @example Anna’s phone (ntfy) */
            name: string;
            /** @description Only these networks’ notifications; null or omitted: every network and the host-wide ones. */
            networkIds?: string[] | null;
            /** @description Required when type is ntfy. */
            ntfy?: components["schemas"]["NtfySettingsDto"];
            /** @enum {string} */
            type: "webhook" | "ntfy" | "email";
            /** @description Required when type is webhook. */
            webhook?: components["schemas"]["WebhookSettingsDto"];
        };
        CreateInviteDto: {
            /**
             * @description Suggested device name.
             * @example anna-phone
             */
            deviceName?: string;
            /**
             * @description Hours until the link stops working.
             * @default 24
             */
            expiresInHours: number;
            /**
             * @description A note for the invite list.
             * @example Anna's phone
             */
            note?: string;
            /**
             * Format: uuid
             * @description Whose device it will be (a member of the network); default: whoever accepts.
             */
            ownerUserId?: string;
            /** @description A phone: a small config that talks to relays only (fits a QR code). */
            relayOnly?: boolean;
        };
        CreateMachineDto: {
            /** @description The machine configuration (GET /api/catalog/schema, `machine`); omitted fields get their defaults. May hold `localAdmins`. */
            config?: {
                [key: string]: unknown;
            };
            /**
             * @description true: answer the diff that would be committed, commit nothing.
             * @default false
             */
            dryRun: boolean;
            /**
             * @description Commit message; a meaningful one is generated when omitted.
             * @example Share the photos folder
             */
            message?: string;
            /**
             * @description DNS label: a-z, 0-9 and "-"; not one of new, all, host, localhost, nixos, self, inputs, outputs. Cannot be changed later.
             * @example anna
             */
            name: string;
        };
        CreateMarketplaceReviewDto: {
            /**
             * @description The app's key in the source.
             * @example pinBoard
             */
            app: string;
            /**
             * @description Install only: the machine to add the app to (enabled, with its defaults) on accept.
             * @example home-server
             */
            machine?: string;
            /**
             * Format: uuid
             * @description The marketplace source the app comes from.
             */
            sourceId: string;
        };
        CreateMarketplaceSourceDto: {
            /**
             * @description Lower-case letters, digits and "-"; unique; not "built-in".
             * @example example-apps
             */
            name: string;
            /**
             * @description The branch or tag to follow; absent or null: the default branch.
             * @example main
             */
            ref?: string | null;
            /**
             * @description SSH public keys, one per entry as a .pub file holds them (ssh-ed25519, ssh-rsa, ecdsa-sha2-…, sk-…); at most 32. GPG keys are not supported.
             * @example [
             *       "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpej/6iOFPP48wBxYRGpLPJmNKuepUz6xgtg+mFVTG4 ada@laptop"
             *     ]
             */
            signers?: string[];
            /**
             * @description The git repository: https://, http://, file:/// or an absolute path; no user name, password, query or fragment.
             * @example https://git.example.org/author/clan-apps
             */
            url: string;
            /**
             * @description Only revisions whose commit carries an SSH signature by one of `signers` are indexed; an unsigned update is refused (lastError says so) and the last index stays.
             * @default false
             */
            verified: boolean;
        };
        CreateMeshAgentDto: {
            /**
             * @description Where other peers can reach the device, if they can.
             * @example 203.0.113.7:51820
             */
            endpoint?: string;
            /**
             * @example [
             *       "office"
             *     ]
             */
            groups?: string[];
            /** @example office-server */
            name: string;
            /** @description The device's own public key in the network's layer's form; the private key never leaves the device. */
            publicKey: string;
        };
        CreateNetworkDto: {
            /** @example Our home network */
            description?: string;
            /**
             * @description The network's mesh VPN (docs/vpn.md): `wireguard` (default) or `yggdrasil`. The mesh is set up with the network; the layer cannot be changed later.
             * @example wireguard
             */
            meshLayer?: components["schemas"]["MeshLayerKind"];
            /**
             * @description DNS label: a-z, 0-9 and "-", not starting or ending with "-"; not one of new, all, host, localhost, nixos, self, inputs, outputs. Cannot be changed later.
             * @example family
             */
            name: string;
            /**
             * @description What the network's machines run: `nixos` (NixOS, built by the cLAN flake; needs nixpkgs) or `demo` (Demo system (not NixOS): the tiny test system, for hosts without nixpkgs). Default: `nixos`.
             * @example nixos
             */
            system?: components["schemas"]["NetworkSystem"];
        };
        CreateNetworkTargetDto: {
            /** @description Required when type is email. */
            email?: components["schemas"]["EmailSettingsDto"];
            /** @default true */
            enabled: boolean;
            /**
             * @description Only these kinds (exact, or a prefix like "backup.*"); null or empty: every kind.
             * @example [
             *       "backup.*"
             *     ]
             */
            kinds?: string[] | null;
            /**
             * @description This severity and above are delivered.
             * @default warning
             * @enum {string}
             */
            minSeverity: "info" | "warning" | "critical";
            /** @example Anna’s phone (ntfy) */
            name: string;
            /** @description Required when type is ntfy. */
            ntfy?: components["schemas"]["NtfySettingsDto"];
            /** @enum {string} */
            type: "webhook" | "ntfy" | "email";
            /** @description Required when type is webhook. */
            webhook?: components["schemas"]["WebhookSettingsDto"];
        };
        CreatePersonInviteDto: {
            /**
             * @description The name to suggest; the person may change it.
             * @example Grandma
             */
            displayName?: string;
            /** @description After creating the account, lead the person on to enrol a first device in the network's mesh (the network needs a mesh). Default false. */
            enrolDevice?: boolean;
            /** @description Hours until the link stops working (default 72). */
            expiresInHours?: number;
            /**
             * @description A note for the invite list.
             * @example For the photo backups
             */
            note?: string;
            /** @description The role the person gets in this network. */
            role: components["schemas"]["NetworkRole"];
        };
        CreateTokenDto: {
            /**
             * Format: date-time
             * @description When the token stops working; must be in the future. Omit for no expiry.
             */
            expiresAt?: string;
            /** @example backup script */
            name: string;
        };
        CreateUserDto: {
            /** @example Alice Smith */
            displayName?: string;
            /**
             * @description Host admins hold every privilege everywhere.
             * @default false
             */
            isHostAdmin: boolean;
            /** Format: password */
            password: string;
            /**
             * @description Stored lower-case. 3–64 characters: a–z, 0–9, "-", "_", ".".
             * @example alice
             */
            username: string;
        };
        DeployDto: {
            /**
             * @description The revision to build and boot (a commit id or prefix of at least 7); default: the head.
             * @example 3f0c1e2d4b5a69788796a5b4c3d2e1f001122334
             */
            revision?: string;
        };
        DiffDto: {
            files: components["schemas"]["DiffFileDto"][];
            /** @description Unified diff (git diff). */
            patch: string;
        };
        DiffFileDto: {
            /** @example configs.json */
            path: string;
            status: components["schemas"]["DiffFileStatus"];
        };
        /** @enum {string} */
        DiffFileStatus: "added" | "modified" | "deleted" | "renamed";
        DomainTypeHealthDto: {
            /** @description True when CLAN_DOMAIN_TYPE is `auto` and a test boot decided. */
            automatic: boolean;
            /** @example KVM: a test guest booted under KVM */
            detail: string;
            /**
             * @description The libvirt domain type VMs are defined with: `kvm` (hardware acceleration) or `qemu` (emulation).
             * @enum {string}
             */
            type: "kvm" | "qemu";
            /** @description Set when emulation was chosen automatically: VMs are slower, and what to do. */
            warning: string | null;
        };
        EmailSettingsDto: {
            /** @example cLAN panel <panel@example.org> */
            from: string;
            /**
             * @description SMTP server.
             * @example smtp.example.org
             */
            host: string;
            /** @description SMTP password. Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear. */
            password?: string | null;
            /** @example 587 */
            port: number;
            /** @description TLS from the first byte (usually port 465). Default: true on port 465. Otherwise STARTTLS is used when offered. */
            secure?: boolean;
            /**
             * @example [
             *       "anna@example.org"
             *     ]
             */
            to: string[];
            /** @description SMTP user; omit for no authentication. */
            username?: string | null;
        };
        EmailSettingsPatchDto: {
            /** @example cLAN panel <panel@example.org> */
            from?: string;
            /**
             * @description SMTP server.
             * @example smtp.example.org
             */
            host?: string;
            /** @description SMTP password. Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear. */
            password?: string | null;
            /** @example 587 */
            port?: number;
            /** @description TLS from the first byte (usually port 465). Default: true on port 465. Otherwise STARTTLS is used when offered. */
            secure?: boolean;
            /**
             * @example [
             *       "anna@example.org"
             *     ]
             */
            to?: string[];
            /** @description SMTP user; omit for no authentication. */
            username?: string | null;
        };
        EmailViewDto: {
            from: string;
            host: string;
            /** @description A password is stored. */
            passwordSet: boolean;
            port: number;
            secure: boolean;
            to: string[];
            username: string | null;
        };
        EnrolHostDto: {
            /** @description The one-time enrolment token from the Hosts page. */
            token: string;
        };
        EnrolmentDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            hostId: string | null;
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: date-time */
            usedAt: string | null;
        };
        EnrolmentListDto: {
            items: components["schemas"]["EnrolmentDto"][];
        };
        EnrolMeshAgentDto: {
            /**
             * @description Where other peers can reach the device, if they can.
             * @example 203.0.113.7:51820
             */
            endpoint?: string;
            /**
             * @example [
             *       "office"
             *     ]
             */
            groups?: string[];
            /** @description The invite token (the last part of the invite link). */
            invite: string;
            /** @example office-server */
            name: string;
            /** @description The device's own public key in the network's layer's form; the private key never leaves the device. */
            publicKey: string;
        };
        FamilyDeviceDto: {
            /**
             * @description What to do, in plain words.
             * @example Turn laptop-anna on and connect it to the network so its backup can run.
             */
            advice: string;
            /** @enum {string|null} */
            freshness: "never" | "ok" | "late" | "stale" | null;
            /** @enum {string} */
            kind: "machine" | "device";
            /**
             * Format: date-time
             * @description Last successful backup (the web app says it in words).
             */
            lastBackupAt: string | null;
            /** @example laptop-anna */
            name: string;
            /** Format: uuid */
            networkId: string;
            /** @example family */
            networkName: string;
            /**
             * @description Machines: what the verified restores say.
             * @enum {string|null}
             */
            restorability: "verified" | "not-restorable" | "unverified" | null;
            /** @enum {string} */
            state: "safe" | "needs-attention";
            /**
             * Format: date-time
             * @description The oldest latest verified restore among its machine policies, when all are verified.
             */
            verifiedAt: string | null;
            /**
             * @description "backed up and verified <date>", "backed up" or "not restorable"; null before the first backup.
             * @example backed up and verified 2026-12-07
             */
            words: string | null;
        };
        FamilyViewDto: {
            /** @description The signed-in member's devices (policies they own), needing attention first. */
            items: components["schemas"]["FamilyDeviceDto"][];
        };
        GcDto: {
            /** @description Generations to keep per machine (default CLAN_GENERATIONS_KEEP). */
            keep?: number;
        };
        GenerationDto: {
            /** Format: date-time */
            bootedAt: string | null;
            /** Format: date-time */
            builtAt: string;
            /** @description NAR size of the closure. */
            closureBytes: number | null;
            /** @description The generation the VM is defined for now. */
            current: boolean;
            /** Format: date-time */
            healthyAt: string | null;
            /** @description The rollback target: the last generation that passed its health check. */
            lastHealthy: boolean;
            /** @description Why it is unhealthy or was rolled back. */
            note: string | null;
            /** @example 3 */
            number: number;
            /** @example 3f0c1e2d4b5a69788796a5b4c3d2e1f001122334 */
            revision: string;
            /** Format: date-time */
            rolledBackAt: string | null;
            status: components["schemas"]["GenerationStatus"];
            /** @example /nix/store/0c1d…-nixos-system-anna-25.05 */
            storePath: string;
            /** Format: uuid */
            taskId: string | null;
        };
        GenerationListDto: {
            items: components["schemas"]["GenerationDto"][];
            total: number;
        };
        /** @enum {string} */
        GenerationStatus: "built" | "booting" | "healthy" | "unhealthy" | "rolled-back" | "collected";
        GuestFactsDto: {
            /**
             * @description Failed systemd units (none on the demo system).
             * @example [
             *       "nginx.service"
             *     ]
             */
            failedUnits: string[];
            /**
             * @description The generation the machine runs, as it says itself.
             * @example 3
             */
            generation: number;
            /** @example anna */
            machine: string;
            stateDisk: components["schemas"]["GuestStateDiskDto"];
            /** @example 5400 */
            uptimeSeconds: number;
        };
        GuestStateDiskDto: {
            /**
             * @description Where the state disk is mounted inside the machine.
             * @example /
             */
            mount: string;
            /** @example 10737418240 */
            sizeBytes: number;
            /** @example 1288490188 */
            usedBytes: number;
        };
        HealthComponentsDto: {
            /** @description The audit log: `down` while entries wait in the spool because the database refused them (they are written once it answers). */
            audit?: components["schemas"]["ComponentHealthDto"];
            /** @description The cLAN flake NixOS machines build with: the shipped one, or CLAN_FLAKE_URL. */
            clanFlake: components["schemas"]["ComponentHealthDto"];
            database: components["schemas"]["ComponentHealthDto"];
            /** @description The demo system (not NixOS), for networks whose system is `demo`: whether this host can run it. */
            demoSystem: components["schemas"]["ComponentHealthDto"];
            libvirt: components["schemas"]["ComponentHealthDto"];
            nix: components["schemas"]["ComponentHealthDto"];
            /** @description The cLAN flake's nixpkgs (CLAN_NIXPKGS): NixOS machines cannot build when it is unreachable. */
            nixpkgs: components["schemas"]["ComponentHealthDto"];
            redis: components["schemas"]["ComponentHealthDto"];
        };
        HealthDto: {
            components: components["schemas"]["HealthComponentsDto"];
            /** @description Absent while the domain type is still being decided (CLAN_DOMAIN_TYPE=auto). */
            domainType?: components["schemas"]["DomainTypeHealthDto"];
            /**
             * @description `degraded` when a component is not ok: the response is 503 when the database or Redis is down, 200 when a component running machines needs (libvirt, Nix) is missing; that component then carries a `message`.
             * @enum {string}
             */
            status: "ok" | "degraded";
            /** @example 0.1.0 */
            version: string;
        };
        HelpRequestResultDto: {
            /**
             * Format: uuid
             * @description The id of the request (its notification subject is help:<id>).
             */
            id: string;
            /** @example Bob and Carol have been told; they will get in touch with you. */
            message: string;
        };
        HistoryDto: {
            items: components["schemas"]["CommitDto"][];
            total: number;
        };
        HomeAdminDto: {
            /**
             * @description Display name (the user name when none is set).
             * @example Bob
             */
            name: string;
            /** @enum {string} */
            role: "owner" | "admin";
        };
        HomeAppDto: {
            /**
             * @description The app key of the catalog (configs.json `applications.<key>`).
             * @example syncthing
             */
            app: string;
            /** @example Continuous, peer-to-peer folder synchronisation between the machines of the network. */
            description: string;
            /** @example files */
            machine: string;
            /**
             * @description The machine's name in the network's phonebook.
             * @example files.family.clan
             */
            meshName: string;
            /** @example Syncthing */
            title: string;
            /**
             * @description Its web page on the mesh: https://<app>.<machine>.<network>.clan/ on a machine in the mesh (docs/https.md), http://<machine>.<network>.clan:<port>/ before it joined; null for an app without one (a voice server, a client).
             * @example https://syncthing.files.family.clan/
             */
            url: string | null;
        };
        HomeBackupDto: {
            /**
             * @description verified: within its plan and its latest restore test (a machine booted from its backup) passed; backed-up: within its plan; not-restorable: backed up, but the latest restore test failed; late: the last success is older than planned; failed: the last run failed after earlier successes; not-yet-backed-up: a plan, no successful backup yet; no-plan: no enabled backup policy.
             * @enum {string}
             */
            state: "verified" | "backed-up" | "late" | "not-restorable" | "failed" | "not-yet-backed-up" | "no-plan";
            /**
             * @description How the page colours it.
             * @enum {string}
             */
            tone: "ok" | "warn" | "danger" | "muted";
            /**
             * @description The state in words, for the member.
             * @example backed up 2 hours ago
             */
            words: string;
        };
        HomeCaDto: {
            /**
             * @description DER: Android, Windows.
             * @example /api/networks/0b6f…/ca.crt
             */
            crt: string;
            /**
             * @description Apple configuration profile: iPhone, iPad, Mac.
             * @example /api/networks/0b6f…/ca.mobileconfig
             */
            mobileconfig: string;
            /**
             * @description PEM: Linux, Firefox, macOS Keychain.
             * @example /api/networks/0b6f…/ca.pem
             */
            pem: string;
            /** @description The same files through links that work without signing in, for a day: what the QR code for a phone carries. */
            signed: components["schemas"]["HomeCaSignedDto"];
        };
        HomeCaSignedDto: {
            /** @example /api/ca/0b6f…/crt?expires=1796688000&signature=… */
            crt: string;
            /** @example /api/ca/0b6f…/mobileconfig?expires=1796688000&signature=… */
            mobileconfig: string;
            /** @example /api/ca/0b6f…/pem?expires=1796688000&signature=… */
            pem: string;
        };
        HomeDeviceDto: {
            backup: components["schemas"]["HomeBackupDto"];
            /** @example laptop-anna.family.clan */
            meshName: string;
            /** @example laptop-anna */
            name: string;
        };
        HomeDto: {
            /**
             * @description Display name (the user name when none is set).
             * @example Anna
             */
            displayName: string;
            /** @description The networks the caller is a member of, by name. */
            networks: components["schemas"]["HomeNetworkDto"][];
        };
        HomeMachineDto: {
            /**
             * @description Titles of the apps it runs.
             * @example [
             *       "Syncthing"
             *     ]
             */
            apps: string[];
            backup: components["schemas"]["HomeBackupDto"];
            /** @example files.family.clan */
            meshName: string;
            /** @example files */
            name: string;
            /** @enum {string} */
            state: "running" | "paused" | "stopped" | "building" | "not-started";
            /**
             * @description The state in words.
             * @example running
             */
            stateWords: string;
        };
        HomeNetworkDto: {
            /** @description Who to ask for help: the owners and admins. */
            admins: components["schemas"]["HomeAdminDto"][];
            /** @description The apps of the network's machines, in catalog order. */
            apps: components["schemas"]["HomeAppDto"][];
            /** @description Where to download the network's certificate authority, which the apps' https://….<network>.clan certificates chain to (docs/https.md). */
            ca: components["schemas"]["HomeCaDto"];
            /** @example  */
            description: string;
            /** @description The caller's own devices in this network. */
            devices: components["schemas"]["HomeDeviceDto"][];
            /** Format: uuid */
            id: string;
            /** @description The network's machines (its services) with their state and backups. */
            machines: components["schemas"]["HomeMachineDto"][];
            /** @example family */
            name: string;
            /** @description Why the machines could not be listed (the configuration cannot be read), in words; null when they could. */
            problem: string | null;
            /** @description The caller's role in it. */
            role: components["schemas"]["NetworkRole"];
            /** @description What its machines run: "nixos", or "demo" (a test system that runs no apps yet). */
            system: components["schemas"]["NetworkSystem"];
        };
        HostCapacityDto: {
            cpus: number;
            diskBytes: number;
            memoryBytes: number;
        };
        HostDto: {
            capacity: components["schemas"]["HostCapacityDto"] | null;
            /** Format: date-time */
            createdAt: string;
            draining: boolean;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastSeenAt: string | null;
            load: components["schemas"]["HostLoadDto"] | null;
            machines: components["schemas"]["HostMachineDto"][];
            meshAddress: string | null;
            name: string;
            /** @enum {string} */
            role: "panel" | "worker";
            /**
             * @description offline: it missed three heartbeats (CLAN_HOST_HEARTBEAT_SECONDS)
             * @enum {string}
             */
            state: "online" | "offline";
            versions: components["schemas"]["HostVersionsDto"] | null;
        };
        HostEnrolledDto: {
            /** @description The panel's Nix store as a binary cache in the mesh, and the key its narinfo files are signed with. */
            cache: Record<string, never>;
            /** @description PostgreSQL, reached over the fleet mesh. */
            databaseUrl: string;
            heartbeatSeconds: number;
            /** Format: uuid */
            hostId: string;
            /** @description The panel's keys the worker needs (its secrets box and VM naming), base64. */
            keys: Record<string, never>;
            name: string;
            queuePrefix: string;
            /** @description Redis, reached over the fleet mesh. */
            redisUrl: string;
            /** @description The host's credential (shown once). */
            secret: string;
        };
        HostFailureImpactDto: {
            /** Format: uuid */
            hostId: string;
            /** @description Hosts that would wait at the passphrase prompt if they rebooted while it is down. */
            strands: string[];
            /** @description Hosts stuck after a whole-fleet restart without it (cascades counted). */
            strandsInColdStart: string[];
        };
        HostListDto: {
            items: components["schemas"]["HostDto"][];
        };
        HostLoadDto: {
            diskFreeBytes: number;
            /** @description 1-minute load average */
            load1: number;
            memoryAvailableBytes: number;
            runningVms: number;
            /** @description Memory given to the VMs running there */
            vmMemoryBytes: number;
        };
        HostMachineDto: {
            machine: string;
            /** Format: uuid */
            networkId: string;
            networkName: string;
            /** @description The VM's state; 'host-offline' while its host is offline */
            vmState: string;
        };
        HostPolicyDto: {
            bound: components["schemas"]["BoundDto"] | null;
            device: string | null;
            /** @description What keeps it from being bound now. */
            problems: components["schemas"]["PolicyProblemDto"][];
            tangHostIds: string[];
            threshold: number;
            tpm: boolean;
        };
        HostRefDto: {
            /** Format: uuid */
            hostId: string;
            name: string;
        };
        HostTerminalSessionDto: {
            participants: components["schemas"]["ConsoleParticipantDto"][];
            /** Format: uuid */
            recordingId: string | null;
            /** Format: uuid */
            sessionId: string;
            /** @example /bin/bash */
            shell: string;
            /** Format: date-time */
            startedAt: string;
            startedBy: string;
        };
        HostTerminalSessionListDto: {
            items: components["schemas"]["HostTerminalSessionDto"][];
        };
        HostTerminalTicketRequestDto: {
            /**
             * Format: uuid
             * @description Join this running shell session; absent: start a new shell.
             */
            sessionId?: string;
        };
        HostUnlockAnalysisDto: {
            /** @description For each other host id: still boots unattended while that host is down. */
            bootsIfDown: {
                [key: string]: boolean;
            };
            /** @description Boots unattended with every host up. */
            bootsWithAllUp: boolean | null;
            /** @description Tang pins that can never answer. */
            deadPins: string[];
            /** Format: uuid */
            hostId: string;
            /** @description False: the host has no policy (assumed to boot on its own). */
            managed: boolean;
            /** @description Minimal sets of hosts whose failure strands it. */
            minimalFailureSets: string[][];
            minimalFailureSetsTruncated: boolean;
            pins: number;
            /** @description Pin hosts that may be down at once (-1: stuck already). */
            spareFailures: number | null;
            threshold: number | null;
        };
        HostVersionsDto: {
            libvirt: string | null;
            nix: string | null;
            node: string;
            panel: string;
            qemu: string | null;
        };
        HostVmDto: {
            /** @example clan-1a2b3c4d-5e6f7a8b-anna */
            domainName: string;
            generation: number | null;
            /** @description False for a domain that carries this panel's name but belongs to no machine it knows (flagged by reconciliation). */
            known: boolean;
            machine: string | null;
            /** Format: uuid */
            networkId: string | null;
            state: components["schemas"]["VmState"];
        };
        HostVmListDto: {
            items: components["schemas"]["HostVmDto"][];
        };
        InviteDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdBy: string | null;
            deviceName: string | null;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            note: string;
            /** Format: uuid */
            ownerUserId: string | null;
            relayOnly: boolean;
            /** @enum {string} */
            status: "pending" | "used" | "expired" | "cancelled";
            /** Format: date-time */
            usedAt: string | null;
            /** @description The device the invite created. */
            usedByDevice: string | null;
        };
        InvitePreviewDto: {
            deviceName: string | null;
            /** Format: date-time */
            expiresAt: string;
            /** @description The mesh layer: which key pair the device makes for itself, which config it gets. */
            layer: components["schemas"]["MeshLayerDto"];
            /** @example family */
            network: string;
            note: string;
            relayOnly: boolean;
        };
        JournalEntryDto: {
            /** Format: date-time */
            at: string;
            cursor: string;
            hostname: string | null;
            identifier: string | null;
            message: string;
            pid: number | null;
            /** @description 0 emerg … 7 debug */
            priority: number | null;
            /** @description Microseconds since the epoch (journald’s own precision). */
            realtimeUs: string;
            unit: string | null;
        };
        JournalPageDto: {
            /** @description Cursor of the first (oldest) item: pass as `before` for older entries. */
            first: string | null;
            /** @description Oldest first. */
            items: components["schemas"]["JournalEntryDto"][];
            /** @description Cursor of the last (newest) item: pass as `after` for newer ones, or to follow. */
            last: string | null;
            /** @description Set when the host keeps no systemd journal at all (journalctl missing, or no journal files): why, as a sentence. Null for a journal that is merely empty (or filtered to nothing). */
            noJournal: string | null;
        };
        LoginDto: {
            /** Format: password */
            password: string;
            /**
             * @description One of the recovery codes, instead of totpCode. Each works once.
             * @example k7wd-2mqp-x9
             */
            recoveryCode?: string;
            /**
             * @description The current code from the authenticator app, when two-factor sign-in is on.
             * @example 123456
             */
            totpCode?: string;
            /** @example alice */
            username: string;
        };
        /** @enum {string} */
        MachineAdminMode: "local" | "remote" | "shared";
        MachineConsoleDto: {
            /** @description The machine gets a graphical console (VNC) from its next boot. */
            display: boolean;
            /** @description A graphical console can be opened now. */
            displayAvailable: boolean;
            /** @description Who is connected to the serial console now. */
            participants: components["schemas"]["ConsoleParticipantDto"][];
            /** @description The VM runs now. */
            running: boolean;
            /** @description The panel's hold on the serial console in this process. */
            state: components["schemas"]["ConsoleState"];
        };
        MachineConsoleSettingsDto: {
            /** @description Give the VM a graphical console (VNC on a local socket). Takes effect when the VM is next started. */
            display: boolean;
        };
        MachineConsoleTicketRequestDto: {
            /**
             * @description The serial console (a terminal), or the graphical console (VNC, machines with a display).
             * @enum {string}
             */
            kind: "serial" | "vnc";
        };
        MachineDto: {
            adminMode: components["schemas"]["MachineAdminMode"];
            /** @description The network layer (configs.json entry, defaults filled) plus `localAdmins`. */
            config: {
                [key: string]: unknown;
            };
            /** @description The revision the running machine was built from. */
            deployedRevision: string | null;
            /** @description `not-deployed` until the VM manager deploys; `behind` when the config changed after the deployed revision. */
            drift: components["schemas"]["ConfigDrift"];
            /** @description What the machine is built from: the network layer deep-merged with the local layer. */
            effective: {
                [key: string]: unknown;
            };
            /**
             * @description The head revision this machine was read at: send it back as `baseRevision` when writing it.
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            head: string;
            localAdmins: string[];
            /** @example anna */
            name: string;
            /** @description The local layer as set (partial); `{}` when there is none. */
            overrides: {
                [key: string]: unknown;
            };
            /** @description The last commit that changed what this machine is built from. */
            revision: string | null;
        };
        MachineListDto: {
            items: components["schemas"]["MachineSummaryDto"][];
            /** @example 1 */
            total: number;
        };
        /** @enum {string} */
        MachineNetworkLayer: "wireguard" | "yggdrasil";
        MachineRestoreDto: {
            /**
             * @description Absolute path in the machine (a file or a directory) to restore from the snapshot, overwriting what is there.
             * @example /state/data/notes.txt
             */
            path: string;
        };
        MachineRestoreResultDto: {
            /** @example files */
            machine: string;
            /** @description Its original in the machine's own repository, which the machine restored from. */
            machineSnapshotId: string;
            /** @example /state/data/notes.txt */
            restored: string;
            /** @description The snapshot in the policy's repository. */
            snapshotId: string;
        };
        MachineStatusDto: {
            deployedRevision: string | null;
            /** @description `not-deployed` until the VM manager deploys; `behind` when the config changed after the deployed revision. */
            drift: components["schemas"]["ConfigDrift"];
            /** @example anna */
            name: string;
            /** @description The last commit that changed what this machine is built from. */
            revision: string | null;
        };
        MachineSummaryDto: {
            adminMode: components["schemas"]["MachineAdminMode"];
            /**
             * @description Apps running with the effective config.
             * @example [
             *       "syncthing"
             *     ]
             */
            apps: string[];
            /** @description `not-deployed` until the VM manager deploys; `behind` when the config changed after the deployed revision. */
            drift: components["schemas"]["ConfigDrift"];
            /**
             * @example [
             *       "anna"
             *     ]
             */
            localAdmins: string[];
            /** @example anna */
            name: string;
            networkLayer: components["schemas"]["MachineNetworkLayer"];
            /**
             * @example {
             *       "memoryMiB": 1024,
             *       "stateDiskGiB": 10,
             *       "vcpus": 1
             *     }
             */
            resources: {
                [key: string]: unknown;
            };
            system: components["schemas"]["MachineSystem"];
        };
        /** @enum {string} */
        MachineSystem: "x86_64-linux" | "aarch64-linux";
        MachineWriteResultDto: {
            /**
             * @description The head this change (or dry-run preview) was computed against. Send it as `baseRevision` when applying a previewed change, so what is committed is exactly what was previewed.
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            basedOn: string;
            /** @description Whether a commit was made. */
            committed: boolean;
            diff: components["schemas"]["DiffDto"];
            /** @description The machine as committed (or as it would be, for a dry run). */
            machine: components["schemas"]["MachineDto"];
            /**
             * @description The new commit; the unchanged head when nothing changed; null for a dry run.
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            revision: string | null;
        };
        MarkedReadDto: {
            /** @description How many changed from unread to read. */
            marked: number;
            /** @description How many visible to you are still unread. */
            unread: number;
        };
        MarketplaceEntryDto: {
            author: string;
            /**
             * @description null for templates.
             * @example productivity
             */
            category: string | null;
            description: string;
            /** @description A path in the repository or an https URL. */
            icon: string | null;
            /**
             * @description An app: its key under `applications` in configs.json.
             * @example pinBoard
             */
            key: string;
            kind: components["schemas"]["MarketplaceEntryKind"];
            licence: string;
            /** @description The revision's narHash; null for built-in apps. */
            narHash: string | null;
            /** @description An app: its NixOS module, a path in the repository (third-party) or the option prefix (built-in). */
            nixosModule: string | null;
            /** @description An app: JSON Schema of its options (forms render from it); null for templates. */
            options: {
                [key: string]: unknown;
            } | null;
            /** @description An app: its mesh ports with the default options. */
            ports: components["schemas"]["MarketplacePortDto"][];
            /** @description The git revision the entry comes from; null for built-in apps. */
            revision: string | null;
            /**
             * @description The source's name; "built-in" for the panel's own apps.
             * @example example-apps
             */
            source: string;
            /**
             * Format: uuid
             * @description The source's id (what a network's install review names); null for the built-in apps.
             */
            sourceId: string | null;
            /** @description An app: what backups keep. */
            state: components["schemas"]["MarketplaceStateDto"] | null;
            template: components["schemas"]["MarketplaceTemplateDto"] | null;
            /** @description From a source a host admin added, not from the panel. */
            thirdParty: boolean;
            title: string;
        };
        /** @enum {string} */
        MarketplaceEntryKind: "app" | "template";
        MarketplaceEntryListDto: {
            items: components["schemas"]["MarketplaceEntryDto"][];
        };
        MarketplacePortDto: {
            port: number;
            protocol: components["schemas"]["PortProtocol"];
        };
        MarketplaceReviewDto: {
            /** @example pinBoard */
            app: string;
            /** @description Unified diff of the network repository (flake.nix, flake.lock, marketplace.json, configs.json) accepting makes. */
            configDiff: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            /** Format: date-time */
            decidedAt: string | null;
            decidedBy: string | null;
            /** @description The pinned revision it replaces; null for an install. */
            fromRev: string | null;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "install" | "update";
            /** @description The machine the app is added to on accept (when it is one). */
            machine: string | null;
            /** @description Every machine the app is added to on accept (a template may name several). */
            machines: string[];
            source: components["schemas"]["MarketplaceSourceRefDto"];
            sourceDiff: components["schemas"]["SourceDiffDto"];
            /** @enum {string} */
            status: "pending" | "accepted" | "rejected" | "stale";
            title: string;
            toRev: string;
        };
        MarketplaceReviewSummaryDto: {
            /** @example pinBoard */
            app: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            /** @description The pinned revision it replaces; null for an install. */
            fromRev: string | null;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "install" | "update";
            /** @description The machine the app is added to on accept (when it is one). */
            machine: string | null;
            /** @description Every machine the app is added to on accept (a template may name several). */
            machines: string[];
            /** @enum {string} */
            status: "pending" | "accepted" | "rejected" | "stale";
            title: string;
            toRev: string;
        };
        MarketplaceRevisionDto: {
            /**
             * Format: date-time
             * @description The commit's date.
             */
            committedAt: string;
            /** Format: date-time */
            indexedAt: string;
            /** @example sha256-jv2U8YaWvz5q4A21yvnhPTWKIqFVRbAT6bg/l/b5iAc= */
            narHash: string;
            /** @description The mirror keeps it under its own ref (refs/clan/pins/<revision>). */
            pinned: boolean;
            /** @example 57ca8d08786d98228aaeebf12273a7c2f1850b67 */
            revision: string;
        };
        MarketplaceSourceDetailDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description Apps and templates indexed from the revision. */
            entries: number;
            /** Format: uuid */
            id: string;
            /** @description Why the last refresh failed, as a sentence; null when it worked. */
            lastError: string | null;
            /** @example example-apps */
            name: string;
            narHash: string | null;
            /** @description null: the default branch. */
            ref: string | null;
            /** Format: date-time */
            refreshedAt: string | null;
            /** @description The indexed revision; null until a refresh worked. */
            revision: string | null;
            /** @description Every revision the panel indexed, newest first. */
            revisions: components["schemas"]["MarketplaceRevisionDto"][];
            /**
             * @description The SSH public keys a verified source trusts (not secret).
             * @example [
             *       "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpej/6iOFPP48wBxYRGpLPJmNKuepUz6xgtg+mFVTG4 ada@laptop"
             *     ]
             */
            signers: string[];
            /** @example https://git.example.org/author/clan-apps */
            url: string;
            /** @description Only revisions whose commit carries an SSH signature by one of `signers` are indexed; an unsigned update is refused (lastError says so) and the last index stays. */
            verified: boolean;
        };
        MarketplaceSourceDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description Apps and templates indexed from the revision. */
            entries: number;
            /** Format: uuid */
            id: string;
            /** @description Why the last refresh failed, as a sentence; null when it worked. */
            lastError: string | null;
            /** @example example-apps */
            name: string;
            narHash: string | null;
            /** @description null: the default branch. */
            ref: string | null;
            /** Format: date-time */
            refreshedAt: string | null;
            /** @description The indexed revision; null until a refresh worked. */
            revision: string | null;
            /**
             * @description The SSH public keys a verified source trusts (not secret).
             * @example [
             *       "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpej/6iOFPP48wBxYRGpLPJmNKuepUz6xgtg+mFVTG4 ada@laptop"
             *     ]
             */
            signers: string[];
            /** @example https://git.example.org/author/clan-apps */
            url: string;
            /** @description Only revisions whose commit carries an SSH signature by one of `signers` are indexed; an unsigned update is refused (lastError says so) and the last index stays. */
            verified: boolean;
        };
        MarketplaceSourceListDto: {
            items: components["schemas"]["MarketplaceSourceDto"][];
        };
        MarketplaceSourceRefDto: {
            /** Format: uuid */
            id: string;
            /** @example example-apps */
            name: string;
            /**
             * @description The author's repository (builds read the panel's mirror).
             * @example https://git.example.org/author/clan-apps
             */
            url: string;
        };
        MarketplaceStateDto: {
            hooks: components["schemas"]["MarketplaceStateHookDto"][];
            paths: string[];
        };
        MarketplaceStateHookDto: {
            description: string;
            id: string;
        };
        MarketplaceTemplateDto: {
            /** @description The apps the template's machines use. */
            apps: string[];
            /** @description A configs.json fragment: machine name → its configuration. */
            configs: {
                [key: string]: unknown;
            };
            /** @description Apps of other sources the template uses: app key → { url } of the source that has them (a published network's). */
            sources: {
                [key: string]: {
                    url: string;
                };
            };
        };
        MeDto: {
            /** @description Send as X-CSRF-Token on writes made with the session cookie. Null when the caller authenticated with an API token (no CSRF needed). */
            csrfToken: string | null;
            memberships: components["schemas"]["MembershipDto"][];
            user: components["schemas"]["UserDto"];
        };
        MemberDto: {
            /**
             * Format: date-time
             * @description When they joined the network.
             */
            createdAt: string;
            /** @example Alice */
            displayName: string;
            /** @example viewer */
            role: components["schemas"]["NetworkRole"];
            /** Format: uuid */
            userId: string;
            /** @example alice */
            username: string;
        };
        MemberListDto: {
            items: components["schemas"]["MemberDto"][];
            /** @example 1 */
            total: number;
        };
        MembershipDto: {
            /** Format: uuid */
            networkId: string;
            /** @example home */
            networkName: string;
            role: components["schemas"]["NetworkRole"];
        };
        MeshAgentEnrolmentDto: {
            /** @description The agent's secret for its WebSocket (Authorization: Bearer …). Shown once. */
            agentToken: string;
            /** @enum {string} */
            layer: "wireguard" | "yggdrasil";
            /** @example family */
            network: string;
            /** Format: uuid */
            networkId: string;
            /** @description Where the agent may reach the panel, in order (the last: inside the mesh). */
            panelUrls: string[];
            /** @example anna-laptop */
            peer: string;
        };
        MeshAgentStateDto: {
            /** @description The mesh revision the agent last applied (0 = none yet). */
            appliedRevision: number;
            /** @description Why the last config could not be applied on the device, or null. */
            error: string | null;
            /**
             * Format: date-time
             * @description When the agent was last connected.
             */
            lastSeen: string | null;
            /** @description The agent holds a live connection to the panel now. */
            online: boolean;
            /** @description The device's own view: its last handshake with each peer (from its last status report). */
            peers: {
                /** Format: date-time */
                lastHandshake?: string | null;
                name?: string | null;
                publicKey?: string;
            }[];
            /**
             * @description The agent's clanctl version (its last hello).
             * @example 0.1.0
             */
            version: string | null;
        };
        MeshCutDto: {
            /** @description Online agents that confirmed the new config within the wait (about 2 s). */
            applied: number;
            /** @description The host's interface no longer has the key (false when the host runs no interface or it failed). */
            host: boolean;
            /** @description Enrolled agents not connected now: they drop the key first thing when they reconnect. */
            offline: string[];
            /** @description Agents connected when the change was made. */
            online: number;
            /** @description Online agents that did not confirm in time or failed to apply. */
            pending: string[];
            /** @example Cut on 6 of 6 online devices, 1 offline (will be cut on reconnect). */
            summary: string;
        };
        MeshDto: {
            /** @description The host's own interface in this network (null when the host runs none). */
            host: components["schemas"]["MeshHostDto"] | null;
            /** @example 10.100.0.0/24 */
            ipv4Cidr: string;
            /** @example fd3c:8a21:9f04::/64 */
            ipv6Prefix: string;
            /** @description The network's mesh layer. */
            layer: components["schemas"]["MeshLayerDto"];
            /** @description Active peers by address, then revoked ones. */
            peers: components["schemas"]["MeshPeerDto"][];
            /** @description Recent removals and which peers have picked them up. */
            removals: components["schemas"]["MeshRemovalDto"][];
            /** @description Bumped by every change of the member list. */
            revision: number;
        };
        MeshHostDto: {
            /** @description The mesh revision the host interface runs. */
            appliedRevision: number;
            /**
             * @description What devices dial; null = the host is not a relay.
             * @example panel.example.org:51823
             */
            endpoint: string | null;
            /** @description Why the host interface is not running, when it is not. */
            error: string | null;
            /** @example clan3f9a0b12 */
            interfaceName: string;
            /** @example 51823 */
            listenPort: number;
        };
        MeshLayerDto: {
            /**
             * @description The forms a device config comes in (`?format=`); the first is the default.
             * @example [
             *       "wg-quick",
             *       "syncconf"
             *     ]
             */
            configFormats: string[];
            /**
             * @description The WebCrypto algorithm of the key pair a device makes for itself (WireGuard X25519, Yggdrasil Ed25519).
             * @enum {string}
             */
            keyAlgorithm: "X25519" | "Ed25519";
            /**
             * @description The layer name (libs/vpn MeshLayerKind).
             * @example wireguard
             */
            kind: string;
            /**
             * @description How the layer writes a public key: base64 of the raw bytes, or hex.
             * @enum {string}
             */
            publicKeyEncoding: "base64" | "hex";
            /**
             * @description Characters of a public key in the layer's text form.
             * @example 44
             */
            publicKeyLength: number;
            /** @example WireGuard */
            title: string;
        };
        /**
         * @description The network's mesh VPN (docs/vpn.md): `wireguard` (default) or `yggdrasil`. The mesh is set up with the network; the layer cannot be changed later.
         * @enum {string}
         */
        MeshLayerKind: "wireguard" | "yggdrasil";
        MeshPeerChangeDto: {
            /** @description The device agent, when one is enrolled for this peer. */
            agent: components["schemas"]["MeshAgentStateDto"] | null;
            behindNat: boolean;
            /** @description Blocked: out of the mesh until unblocked (keeps its address and key). */
            blocked: boolean;
            /** Format: date-time */
            blockedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            cut: components["schemas"]["MeshCutDto"];
            /** @example 203.0.113.7:51820 */
            endpoint: string | null;
            /** @description Where the host last heard the peer from. */
            endpointSeen: string | null;
            /**
             * @description Groups for reachability rules.
             * @example [
             *       "kids"
             *     ]
             */
            groups: string[];
            /**
             * @description null once revoked.
             * @example 10.100.0.2
             */
            ipv4: string | null;
            /**
             * @description null once revoked.
             * @example fd3c:8a21:9f04::2
             */
            ipv6: string | null;
            /**
             * @description `host`: the panel host itself (panel.<network>.clan, address .1).
             * @enum {string}
             */
            kind: "device" | "machine" | "host";
            /**
             * Format: date-time
             * @description Last handshake with the host's interface.
             */
            lastHandshake: string | null;
            /** @example laptop */
            name: string;
            /** @description Handshake with the host's interface within 3 minutes; null when the host runs no interface or cannot see this peer. */
            online: boolean | null;
            /**
             * Format: uuid
             * @description The panel user the device belongs to.
             */
            ownerUserId: string | null;
            /** @description True when the panel holds the private key (it generated the pair). */
            panelHoldsKey: boolean;
            /** @description Active but still on an older config: it may still trust removed peers. */
            pendingSync: boolean;
            /** @example YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A= */
            publicKey: string;
            relay: boolean;
            relayOnly: boolean;
            /** @description Removed from the mesh: no other peer renders it any more. */
            revoked: boolean;
            /** Format: date-time */
            revokedAt: string | null;
            rxBytes: number | null;
            /** Format: date-time */
            syncedAt: string | null;
            /** @description The mesh revision this peer last picked up (host: applied; device: fetched its config). */
            syncedRevision: number;
            txBytes: number | null;
        };
        MeshPeerDto: {
            /** @description The device agent, when one is enrolled for this peer. */
            agent: components["schemas"]["MeshAgentStateDto"] | null;
            behindNat: boolean;
            /** @description Blocked: out of the mesh until unblocked (keeps its address and key). */
            blocked: boolean;
            /** Format: date-time */
            blockedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @example 203.0.113.7:51820 */
            endpoint: string | null;
            /** @description Where the host last heard the peer from. */
            endpointSeen: string | null;
            /**
             * @description Groups for reachability rules.
             * @example [
             *       "kids"
             *     ]
             */
            groups: string[];
            /**
             * @description null once revoked.
             * @example 10.100.0.2
             */
            ipv4: string | null;
            /**
             * @description null once revoked.
             * @example fd3c:8a21:9f04::2
             */
            ipv6: string | null;
            /**
             * @description `host`: the panel host itself (panel.<network>.clan, address .1).
             * @enum {string}
             */
            kind: "device" | "machine" | "host";
            /**
             * Format: date-time
             * @description Last handshake with the host's interface.
             */
            lastHandshake: string | null;
            /** @example laptop */
            name: string;
            /** @description Handshake with the host's interface within 3 minutes; null when the host runs no interface or cannot see this peer. */
            online: boolean | null;
            /**
             * Format: uuid
             * @description The panel user the device belongs to.
             */
            ownerUserId: string | null;
            /** @description True when the panel holds the private key (it generated the pair). */
            panelHoldsKey: boolean;
            /** @description Active but still on an older config: it may still trust removed peers. */
            pendingSync: boolean;
            /** @example YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A= */
            publicKey: string;
            relay: boolean;
            relayOnly: boolean;
            /** @description Removed from the mesh: no other peer renders it any more. */
            revoked: boolean;
            /** Format: date-time */
            revokedAt: string | null;
            rxBytes: number | null;
            /** Format: date-time */
            syncedAt: string | null;
            /** @description The mesh revision this peer last picked up (host: applied; device: fetched its config). */
            syncedRevision: number;
            txBytes: number | null;
        };
        MeshRemovalDto: {
            /** @enum {string} */
            kind: "device" | "machine" | "host";
            name: string;
            peersTotal: number;
            /** @description Peers whose config no longer has the removed key. */
            peersUpdated: number;
            /** @description The mesh revision that removed it. */
            revision: number;
            /** Format: date-time */
            revokedAt: string;
            /** @description Peers still on an older config: until they sync they would still accept the removed key. */
            stillTrustedBy: string[];
        };
        MeshRulesDto: {
            /**
             * @description Who may reach which machine and port: { id, from: { roles?, groups?, peers?, kinds? }, to: { machines?, groups? }, ports: ("apps" | "ssh" | { port, protocol })[] }. Anything not allowed is dropped on the machines' mesh interface.
             * @example [
             *       {
             *         "from": {},
             *         "id": "members-reach-apps",
             *         "ports": [
             *           "apps"
             *         ],
             *         "to": {}
             *       },
             *       {
             *         "from": {
             *           "roles": [
             *             "owner",
             *             "admin"
             *           ]
             *         },
             *         "id": "admins-reach-ssh",
             *         "ports": [
             *           "ssh"
             *         ],
             *         "to": {}
             *       }
             *     ]
             */
            rules: {
                [key: string]: unknown;
            }[];
        };
        MeshRulesViewDto: {
            /** @description Per machine: the allowances the rules give (port, protocol, sources). */
            allowances: {
                [key: string]: unknown;
            };
            /** @description True when the network uses the default rules (members reach apps, admins SSH). */
            isDefault: boolean;
            /**
             * @description Who may reach which machine and port: { id, from: { roles?, groups?, peers?, kinds? }, to: { machines?, groups? }, ports: ("apps" | "ssh" | { port, protocol })[] }. Anything not allowed is dropped on the machines' mesh interface.
             * @example [
             *       {
             *         "from": {},
             *         "id": "members-reach-apps",
             *         "ports": [
             *           "apps"
             *         ],
             *         "to": {}
             *       },
             *       {
             *         "from": {
             *           "roles": [
             *             "owner",
             *             "admin"
             *           ]
             *         },
             *         "id": "admins-reach-ssh",
             *         "ports": [
             *           "ssh"
             *         ],
             *         "to": {}
             *       }
             *     ]
             */
            rules: {
                [key: string]: unknown;
            }[];
        };
        /** @enum {string} */
        MetricName: "cpu" | "memory" | "memoryTotal" | "diskRead" | "diskWrite" | "netRx" | "netTx" | "load";
        MetricPointDto: {
            /** @description Average of the samples in the step. */
            avg: number;
            /** @description Largest sample in the step (for a network: the sum of its machines’ maxima). */
            max: number;
            /**
             * Format: date-time
             * @description Start of the step.
             */
            t: string;
        };
        MetricsDto: {
            /**
             * Format: date-time
             * @description Start of the window (aligned down to the step).
             */
            from: string;
            range: components["schemas"]["MetricsRange"];
            series: components["schemas"]["MetricSeriesDto"][];
            /**
             * @description Seconds between points.
             * @example 10
             */
            stepSeconds: number;
            /**
             * Format: date-time
             * @description End of the window (now).
             */
            to: string;
        };
        MetricSeriesDto: {
            metric: components["schemas"]["MetricName"];
            /** @description Oldest first; steps without data are left out. */
            points: components["schemas"]["MetricPointDto"][];
            unit: components["schemas"]["MetricUnit"];
        };
        /** @enum {string} */
        MetricsRange: "hour" | "day" | "week" | "month" | "year";
        /** @enum {string} */
        MetricUnit: "percent" | "bytes" | "bytesPerSecond" | "load";
        MigrateMachineDto: {
            /** Format: uuid */
            hostId: string;
        };
        /**
         * @description The caller's role in this network; `host-admin` when the host admin sees it without being a member.
         * @enum {string}
         */
        MyNetworkRole: "owner" | "admin" | "member" | "viewer" | "host-admin";
        NetworkBackupStatusDto: {
            /** Format: date-time */
            evaluatedAt: string;
            /** Format: uuid */
            networkId: string;
            repositories: components["schemas"]["BackupRepositoryDto"][];
            /** @description Every machine of the configuration, every active mesh device and every policy's subject; worst first. */
            subjects: components["schemas"]["BackupSubjectStatusDto"][];
        };
        NetworkDto: {
            /** Format: date-time */
            createdAt: string;
            /** @example Our home network */
            description: string;
            /** Format: uuid */
            id: string;
            /** @example 3 */
            memberCount: number;
            /** @description The caller's role in this network; `host-admin` when the host admin sees it without being a member. */
            myRole: components["schemas"]["MyNetworkRole"];
            /** @example family */
            name: string;
            /** @description An update rollout of this network is halted and waits for an admin (resume, skip or abort). */
            rolloutHalted: boolean;
            /**
             * @description What the network's machines run: `nixos` (NixOS, built by the cLAN flake; needs nixpkgs) or `demo` (Demo system (not NixOS): the tiny test system, for hosts without nixpkgs).
             * @example nixos
             */
            system: components["schemas"]["NetworkSystem"];
            /**
             * @description How the panel names the system: "NixOS" or "Demo system (not NixOS)".
             * @example NixOS
             */
            systemLabel: string;
            /** @description The last update check found a newer upstream revision than the network's flake.lock pins (docs/updates.md). */
            updateAvailable: boolean;
            /** Format: date-time */
            updatedAt: string;
        };
        NetworkListDto: {
            items: components["schemas"]["NetworkDto"][];
            /** @example 1 */
            total: number;
        };
        NetworkMarketplaceAppDto: {
            /** Format: date-time */
            acceptedAt: string;
            acceptedBy: string | null;
            /** @description The options an app gets when added with nothing set; null when one is required. */
            defaults: {
                [key: string]: unknown;
            } | null;
            description: string;
            /**
             * @description The name under `applications` in configs.json.
             * @example pinBoard
             */
            key: string;
            /** @description Machines whose configuration lists the app. */
            machines: string[];
            narHash: string;
            /** @description The pinned revision (flake.lock). */
            rev: string;
            /** @description JSON Schema of the app's options, as the catalog serves the built-in apps'. */
            schema: {
                [key: string]: unknown;
            };
            source: components["schemas"]["MarketplaceSourceRefDto"];
            title: string;
            /** @description The source has a newer revision of the app. */
            update: components["schemas"]["NetworkMarketplaceUpdateDto"] | null;
        };
        NetworkMarketplaceDto: {
            /** @description The third-party apps pinned in the network (marketplace.json). */
            apps: components["schemas"]["NetworkMarketplaceAppDto"][];
            /** @description Entries of marketplace.json the panel could not read (left out), as sentences. */
            problems: string[];
            /** @description Pending reviews first, then the 20 most recent decided ones. */
            reviews: components["schemas"]["MarketplaceReviewSummaryDto"][];
        };
        NetworkMarketplaceUpdateDto: {
            /** @description The newer revision the source is indexed at. */
            rev: string;
            /**
             * Format: uuid
             * @description The pending review of that update, if one was made.
             */
            reviewId: string | null;
        };
        /** @enum {string} */
        NetworkRole: "owner" | "admin" | "member" | "viewer";
        /**
         * @description What the network's machines run: `nixos` (NixOS, built by the cLAN flake; needs nixpkgs) or `demo` (Demo system (not NixOS): the tiny test system, for hosts without nixpkgs).
         * @enum {string}
         */
        NetworkSystem: "nixos" | "demo";
        NewPasswordDto: {
            /** Format: password */
            password: string;
        };
        NotificationDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /**
             * @description What kind of thing changed; targets filter on it.
             * @example backup.freshness
             */
            kind: string;
            /**
             * @description A panel path or an absolute URL.
             * @example /networks/…/backups
             */
            link: string | null;
            message: string;
            /**
             * Format: uuid
             * @description null: host-wide (host admins only).
             */
            networkId: string | null;
            /** @example family */
            networkName: string | null;
            /**
             * @description null: the first state seen.
             * @example ok
             */
            previousState: string | null;
            /** @description Read by you (read state is per person). */
            read: boolean;
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            /** @example stale */
            state: string;
            /**
             * @description The stable key of what changed state.
             * @example backup:3f0c…
             */
            subject: string;
            /** @example laptop-anna has not been backed up for 3 days */
            title: string;
        };
        NotificationListDto: {
            items: components["schemas"]["NotificationDto"][];
            /** @description How many match the filter. */
            total: number;
            /** @description How many visible to you are unread (ignores the filter). */
            unread: number;
        };
        NtfySettingsDto: {
            /**
             * @description The ntfy server.
             * @default https://ntfy.sh
             */
            server: string;
            /** @description An ntfy access token (tk_…). Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear. */
            token?: string | null;
            /** @example family-backups-k3x9 */
            topic: string;
        };
        NtfySettingsPatchDto: {
            /**
             * @description The ntfy server.
             * @default https://ntfy.sh
             */
            server: string;
            /** @description An ntfy access token (tk_…). Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear. */
            token?: string | null;
            /** @example family-backups-k3x9 */
            topic?: string;
        };
        NtfyViewDto: {
            server: string;
            /** @description An access token is stored. */
            tokenSet: boolean;
            topic: string;
        };
        OneTimeLinkDto: {
            /** Format: date-time */
            expiresAt: string;
            /** @description The secret part of the link. Shown only this once; the panel keeps its hash. */
            token: string;
            /** @example https://panel.example/reset-password/… */
            url: string;
        };
        PasswordConfirmationDto: {
            /** Format: password */
            password: string;
        };
        PasswordResetDoneDto: {
            /**
             * @description Sign in with this username and the new password.
             * @example alice
             */
            username: string;
        };
        PasswordResetPreviewDto: {
            /** @example Alice Smith */
            displayName: string;
            /** Format: date-time */
            expiresAt: string;
            /** @example alice */
            username: string;
        };
        PersonInviteDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            createdBy: string | null;
            /** @description The inviter's name when the invite was made. */
            createdByName: string;
            /** @description The suggested name; empty when none. */
            displayName: string;
            enrolDevice: boolean;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            note: string;
            role: components["schemas"]["NetworkRole"];
            /** @enum {string} */
            status: "pending" | "used" | "expired" | "revoked";
            /** Format: date-time */
            usedAt: string | null;
            /** @description The username of the account the invite created. */
            usedByUsername: string | null;
        };
        PersonInviteListDto: {
            items: components["schemas"]["PersonInviteDto"][];
            total: number;
        };
        PersonInvitePreviewDto: {
            /** @description The suggested name; empty when none. */
            displayName: string;
            enrolDevice: boolean;
            /** Format: date-time */
            expiresAt: string;
            /**
             * @description The inviter's name.
             * @example Anna
             */
            inviter: string;
            /** @example home */
            network: string;
            role: components["schemas"]["NetworkRole"];
        };
        PlacementDto: {
            /** Format: uuid */
            hostId: string;
            hostName: string;
            hosts: components["schemas"]["PlacementHostDto"][];
            /** @enum {string} */
            hostState: "online" | "offline";
        };
        PlacementHostDto: {
            diskFreeBytes: number | null;
            draining: boolean;
            /** Format: uuid */
            id: string;
            memoryAvailableBytes: number | null;
            name: string;
            /** @enum {string} */
            state: "online" | "offline";
            /** @description Where the panel would place it (most free memory, then disk). */
            suggested: boolean;
        };
        PolicyProblemDto: {
            field: string;
            message: string;
        };
        /** @enum {string} */
        PortProtocol: "tcp" | "udp";
        PreviewBaselineDto: {
            generation: number | null;
            /**
             * @description running: the generation the machine runs; head: it runs none, so what the head builds.
             * @enum {string}
             */
            kind: "running" | "head";
            storePath: string;
        };
        PreviewClosureBytesDto: {
            /**
             * @description The running system's closure, in bytes.
             * @example 123
             */
            from: number;
            /**
             * @description The candidate's closure; null when not built.
             * @example 456
             */
            to: number | null;
        };
        PreviewMachineDto: {
            baseline: components["schemas"]["PreviewBaselineDto"];
            /** @description The candidate toplevel; null when it could not be built (see error). */
            candidate: string | null;
            /** @description The machine's system changes. */
            changes: boolean;
            /** @description Closure sizes in bytes (`to` null when not built). */
            closureBytes: components["schemas"]["PreviewClosureBytesDto"];
            /** @description Bytes of store paths the candidate needs that the running system's closure lacks. */
            downloadBytes: number | null;
            /** @description Why this machine could not be built or compared, as a sentence. */
            error: string | null;
            machine: string;
            packages: components["schemas"]["PreviewPackageDto"][];
            /** @description The kernel, kernel parameters or initrd change: applying the update restarts the machine. */
            reboot: boolean;
            /**
             * @description systemd units whose files change (restarted when no reboot is needed).
             * @example [
             *       "nginx.service"
             *     ]
             */
            restarts: string[];
        };
        PreviewPackageDto: {
            /**
             * @description Versions before; [] when the package is new.
             * @example [
             *       "1.26.3"
             *     ]
             */
            from: string[];
            /** @example nginx */
            name: string;
            /** @description Closure size change in bytes (0 when Nix printed none). */
            sizeDelta: number;
            /**
             * @description Versions after; [] when the package is gone.
             * @example [
             *       "1.28.0"
             *     ]
             */
            to: string[];
        };
        PreviewStartedDto: {
            /** Format: uuid */
            previewId: string;
            /** Format: uuid */
            taskId: string;
        };
        PublishedTemplateDto: {
            apps: string[];
            description: string;
            /**
             * @description Read-only, no sign-in.
             * @example https://panel.example.org/api/published/<id>.git
             */
            gitUrl: string;
            /**
             * @description The template's key in the published repository.
             * @example family
             */
            key: string;
            licence: string;
            /** @example nix://https-panel.example.org/api/published/<id>.git */
            link: string | null;
            machines: string[];
            /** Format: uuid */
            networkId: string;
            /** @description What was left out, as sentences. */
            omitted: string[];
            /** Format: date-time */
            publishedAt: string;
            publishedBy: string | null;
            /** @description The commit of the published repository. */
            revision: string;
            title: string;
        };
        PublishStatusDto: {
            published: components["schemas"]["PublishedTemplateDto"] | null;
        };
        PublishTemplateDto: {
            /** @example Two machines: photos and a password vault. */
            description: string;
            /**
             * @description Default CC0-1.0.
             * @example CC0-1.0
             */
            licence?: string;
            /** @example Family network */
            title: string;
        };
        PutRawConfigDto: {
            /**
             * @description The head the edit started from; 409 when the head moved since. Omitted: replaces configs.json at the head. 409 (with `currentRevision` in the error body) when what this write replaces changed since; docs/api.md, "Revisions and conflicts".
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            baseRevision?: string;
            /**
             * @description The whole configs.json text.
             * @example {}
             */
            content: string;
            /**
             * @description true: answer the diff that would be committed, commit nothing.
             * @default false
             */
            dryRun: boolean;
            /**
             * @description Commit message; a meaningful one is generated when omitted.
             * @example Share the photos folder
             */
            message?: string;
        };
        RawConfigDto: {
            /** @description configs.json at that revision. */
            content: string;
            /** @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d */
            revision: string;
        };
        RecordingDto: {
            /** @description Size of the asciicast file (0 until it ends). */
            bytes: number;
            durationSeconds: number | null;
            /**
             * Format: date-time
             * @description Null while the session is still recorded.
             */
            endedAt: string | null;
            height: number;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "serial" | "host";
            machine: string | null;
            /** Format: uuid */
            networkId: string | null;
            networkName: string | null;
            participants: components["schemas"]["RecordingParticipantDto"][];
            /**
             * Format: uuid
             * @description The live session it recorded.
             */
            sessionId: string;
            /** Format: date-time */
            startedAt: string;
            /** Format: uuid */
            startedBy: string | null;
            startedByName: string;
            title: string;
            width: number;
        };
        RecordingListDto: {
            items: components["schemas"]["RecordingDto"][];
            retention: components["schemas"]["RecordingRetentionDto"];
            total: number;
        };
        RecordingParticipantDto: {
            /** Format: date-time */
            joinedAt: string;
            /** Format: date-time */
            leftAt: string | null;
            /** Format: uuid */
            userId: string;
            username: string;
        };
        RecordingRetentionDto: {
            /** @description At most this many recordings are kept, newest first; 0: no limit. */
            keepCount: number;
            /** @description Finished recordings older than this many days are deleted; 0: no age limit. */
            keepDays: number;
        };
        RecoveryCodesDto: {
            /**
             * @description Ten single-use codes. Shown only this once.
             * @example [
             *       "k7wd-2mqp-x9"
             *     ]
             */
            recoveryCodes: string[];
        };
        RepositoryCheckStatusDto: {
            /**
             * Format: date-time
             * @description When the last `restic check` finished.
             */
            at: string | null;
            /** @description What the failed check reported. */
            error: string | null;
            /**
             * @description unknown: never checked.
             * @enum {string}
             */
            result: "unknown" | "ok" | "failed";
        };
        RepositoryUsageDto: {
            /** Format: uuid */
            repositoryId: string;
            /** @description Oldest first; one per poll or run (at most 2000). */
            samples: components["schemas"]["UsageSampleDto"][];
        };
        ResolvedLinkDto: {
            /** @description The git URL the link names. */
            gitUrl: string;
            /** @enum {string} */
            kind: "network" | "template";
            /** @description A network of this panel. */
            network: components["schemas"]["ResolvedNetworkDto"] | null;
            /** @description The marketplace source here with that URL. */
            source: components["schemas"]["ResolvedSourceDto"] | null;
            templates: components["schemas"]["ResolvedTemplateDto"][];
        };
        ResolvedNetworkDto: {
            /** Format: uuid */
            id: string;
            /** @description The caller can see the network. */
            member: boolean;
            name: string;
        };
        ResolvedSourceDto: {
            /** Format: uuid */
            id: string;
            name: string;
        };
        ResolvedTemplateDto: {
            key: string;
            source: string;
            title: string;
        };
        RestoreDto: {
            /**
             * @description Absolute path in the snapshot to restore (a file or a directory).
             * @example /srv/photos/2024
             */
            path: string;
            /**
             * @description Restore under this directory instead of the original place: the file lands at <target><path>. Only host admins may restore elsewhere. Omit to restore to the original location (overwrites).
             * @example /srv/restore
             */
            target?: string;
        };
        RevealAppCredentialDto: {
            /** @description Required (true) once the credential has been shown: showing it again is a deliberate, audited act. */
            confirm?: boolean;
        };
        RevealedAppCredentialDto: {
            /**
             * @description The app's key in configs.json.
             * @example vaultwarden
             */
            app: string;
            /**
             * @description every-deploy: a rotated secret replaces the old one at the next deployment; first-boot: the app takes it once, when it is set up (change it in the app afterwards).
             * @enum {string}
             */
            applies: "every-deploy" | "first-boot";
            /** Format: date-time */
            createdAt: string;
            /**
             * @description Where the machine reads it (root only).
             * @example [
             *       "/run/clan-secrets/apps/vaultwarden/admin-token"
             *     ]
             */
            files: string[];
            /** @description True when this was the first time it was shown. */
            firstReveal: boolean;
            /**
             * @description A password for `username`, or a token (Vaultwarden’s admin page).
             * @enum {string}
             */
            kind: "password" | "token";
            /** @description How often it was shown since it was created or last rotated. */
            revealCount: number;
            /**
             * Format: date-time
             * @description First shown (since it was created or last rotated); null: never shown.
             */
            revealedAt: string | null;
            /** Format: date-time */
            rotatedAt: string | null;
            /** @description The secret. Never logged; shown once in the web app unless an admin asks again. */
            secret: string;
            /**
             * @description Where to use it: the app on its HTTPS address in the mesh; null while the machine is not in the mesh.
             * @example https://vaultwarden.files.family.clan/admin
             */
            url: string | null;
            /** @description Where the secret is used, in a sentence. */
            usage: string;
            /**
             * @description The login name the password belongs to; null for a token.
             * @example admin
             */
            username: string | null;
        };
        RevertDto: {
            /**
             * @description The head the revert was decided at; 409 when the head moved since. Omitted: reverts the head as it is. 409 (with `currentRevision` in the error body) when what this write replaces changed since; docs/api.md, "Revisions and conflicts".
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            baseRevision?: string;
            /**
             * @description true: answer the diff that would be committed, commit nothing.
             * @default false
             */
            dryRun: boolean;
            /**
             * @description Commit message; a meaningful one is generated when omitted.
             * @example Share the photos folder
             */
            message?: string;
            /**
             * @description The revision whose tree the new commit restores.
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            revision: string;
        };
        RevokedTokensDto: {
            /**
             * @description How many tokens were live and are now revoked.
             * @example 3
             */
            revoked: number;
        };
        RolloutMachineDto: {
            /** Format: date-time */
            finishedAt: string | null;
            /** @description The generation it ran when the rollout started (what abort returns it to). */
            fromGeneration: number | null;
            machine: string;
            reason: string | null;
            /** Format: date-time */
            startedAt: string | null;
            state: components["schemas"]["RolloutMachineState"];
            /** @description The build and deploy tasks of this machine. */
            taskIds: string[];
            toGeneration: number | null;
            /** @description 0 is the canary. */
            wave: number;
        };
        /** @enum {string} */
        RolloutMachineState: "pending" | "updating" | "updated" | "rolled-back" | "failed" | "skipped" | "reverted" | "unchanged";
        RolloutStartedDto: {
            /** Format: uuid */
            rolloutId: string;
            /** Format: uuid */
            taskId: string;
        };
        RotatedAppCredentialDto: {
            credential: components["schemas"]["AppCredentialDto"];
            /** @example The new secret reaches forgejo on anna with the next deployment. */
            message: string;
        };
        RunDiagnosticsDto: {
            /**
             * @description How long to sample host load, one sample per second.
             * @default 5
             */
            sampleSeconds: number;
        };
        S3CredentialsDto: {
            /**
             * @description Access key id (AWS_ACCESS_KEY_ID for restic). Stored encrypted.
             * @example GK3a1b2c3d4e5f
             */
            accessKeyId: string;
            /**
             * @description Region (AWS_DEFAULT_REGION), when the service needs one.
             * @example garage
             */
            region?: string;
            /** @description Secret access key (AWS_SECRET_ACCESS_KEY). Stored encrypted, never shown again. */
            secretAccessKey: string;
        };
        SerialLogDto: {
            /** @description Size of the whole log in bytes. */
            size: number;
            /** @description The end of the serial console output since the last boot (UTF-8, invalid bytes replaced). */
            text: string;
            /** @description Whether `text` starts after the beginning of the log. */
            truncated: boolean;
        };
        SerialScrollbackDto: {
            boots: components["schemas"]["BootMarkDto"][];
            /** @description Offset of the next byte the console prints. */
            end: number;
            from: number;
            /** @description Read at most 1 MiB at a time: more is there after `to`. */
            more: boolean;
            /** @description Oldest offset kept. */
            start: number;
            /** @description The bytes [from, to) as UTF-8 text (invalid bytes replaced). */
            text: string;
            to: number;
        };
        SetClevisPolicyDto: {
            /** @description The LUKS device; absent or null: the host’s CLAN_UNLOCK_DEVICE. */
            device?: Record<string, never> | null;
            /** @description Other hosts whose Tang servers hold a pin (Tang enabled, never this host). */
            tangHostIds: string[];
            /** @description How many pins must answer (a TPM pin counts as one). */
            threshold: number;
            /** @description Add a pin sealed to this host’s TPM2. */
            tpm: boolean;
        };
        SetTangDto: {
            /** @description Run a Tang server on this host inside the fleet mesh. */
            enabled: boolean;
        };
        SetupDto: {
            /** @example Alice Smith */
            displayName?: string;
            /** Format: password */
            password: string;
            /**
             * @description Stored lower-case. 3–64 characters: a–z, 0–9, "-", "_", ".".
             * @example alice
             */
            username: string;
        };
        SetupStatusDto: {
            /** @description True until the first host admin has been created. */
            setupRequired: boolean;
        };
        SetUpstreamDto: {
            /**
             * @description The git flake the network's `clan` input follows: `git+file:///absolute/path?ref=<branch>` or `git+https://host/path?ref=<branch>` (no user name, password or other parameters). The panel renders it into flake.nix, runs `nix flake lock` and commits both files. `null`: stop following it; the network builds from the panel's own flake (or the demo system) again, without a lock.
             * @example git+file:///srv/mirror/clan?ref=main
             */
            upstream: string | null;
        };
        SignedInDto: {
            /** @description Send as X-CSRF-Token on every write made with the session cookie. */
            csrfToken: string;
            user: components["schemas"]["UserDto"];
        };
        SkipMachineDto: {
            /** @description The machine that halted the rollout: it keeps running what it ran before. */
            machine: string;
        };
        SkippedAppDto: {
            /** @example pinBoard */
            app: string;
            /** @description Why it was not put up for review, as a sentence. */
            reason: string;
        };
        SnapshotDto: {
            /** @example laptop-anna */
            hostname: string;
            /** @example 8c1f882f1ded8b19… */
            id: string;
            /**
             * @description "files", or "dump:<name>" for a dump hook's snapshot.
             * @example files
             */
            part: string;
            paths: string[];
            /**
             * Format: uuid
             * @description The policy that made it (from its clan-policy tag).
             */
            policyId: string | null;
            /** @example 8c1f882f */
            shortId: string;
            tags: string[];
            /** Format: date-time */
            time: string;
        };
        SnapshotListDto: {
            /** @description Newest first. */
            items: components["schemas"]["SnapshotDto"][];
            total: number;
        };
        SourceDiffDto: {
            files: components["schemas"]["SourceDiffFileDto"][];
            /** @description Unified diff of the source's tree from the pinned revision (or nothing) to the new one. */
            patch: string;
            /** @description The patch was cut at 512 KiB; the file list is complete. */
            truncated: boolean;
        };
        SourceDiffFileDto: {
            additions: number;
            deletions: number;
            path: string;
            /** @enum {string} */
            status: "added" | "modified" | "deleted" | "renamed";
        };
        StartRolloutDto: {
            /** @description The machine updated first; default: the one with the fewest apps. */
            canary?: string;
            /**
             * @description Machines updated at once after the canary.
             * @default 1
             */
            concurrency: number;
            /**
             * Format: uuid
             * @description The ready preview to roll out.
             */
            previewId: string;
            /**
             * @description How long each machine must stay healthy with its app checks passing.
             * @default 120
             */
            soakSeconds: number;
        };
        SubjectIntegrityDto: {
            /** @description Seconds since lastCheckAt. */
            ageSeconds: number | null;
            /**
             * Format: date-time
             * @description The oldest of those last checks.
             */
            lastCheckAt: string | null;
            /**
             * @description The worst last check among the repositories the subject uses.
             * @enum {string}
             */
            result: "unknown" | "ok" | "failed";
        };
        SubjectPolicyStatusDto: {
            /** @enum {string} */
            freshness: "never" | "ok" | "late" | "stale";
            lastError: string | null;
            lastErrorClass: string | null;
            /** @enum {string|null} */
            lastRunStatus: "succeeded" | "failed" | null;
            /** Format: date-time */
            lastSuccessAt: string | null;
            lateAfterHours: number;
            /** Format: uuid */
            policyId: string;
            /** Format: uuid */
            repositoryId: string;
            /** @example nas */
            repositoryName: string;
            /** @enum {string} */
            runner: "panel" | "device";
            staleAfterHours: number;
            /**
             * @description Machine policies: verified (the latest verified restore booted healthy, within one CLAN_VERIFY_DAYS window of the latest backup), not-restorable (the latest one failed) or unverified; null for devices.
             * @enum {string|null}
             */
            verification: "verified" | "not-restorable" | "unverified" | null;
            /** @description What the latest verified restore proved, or what failed, as a sentence. */
            verificationDetail: string | null;
            /**
             * Format: date-time
             * @description When the latest verified restore ran.
             */
            verifiedAt: string | null;
        };
        SubjectStorageDto: {
            freeBytes: number | null;
            /** Format: uuid */
            repositoryId: string;
            repositoryName: string;
            sizeBytes: number | null;
        };
        TangRotationDto: {
            /** @description Hosts whose policy uses this server but that were never bound. */
            notBound: components["schemas"]["HostRefDto"][];
            /** @description Hosts whose binding the rotation task renews (a clevis.bind task each). */
            rebinds: components["schemas"]["HostRefDto"][];
            /** Format: uuid */
            taskId: string;
        };
        TangStateDto: {
            enabled: boolean;
            /** Format: date-time */
            reportedAt: string | null;
            /** Format: date-time */
            rotatedAt: string | null;
            /** @description S256 thumbprints of the advertised signing keys. */
            thumbprints: string[];
            /** @description http://<fleet address>:<port> while it serves. */
            url: string | null;
        };
        TargetDto: {
            /** Format: date-time */
            createdAt: string;
            email: components["schemas"]["EmailViewDto"] | null;
            enabled: boolean;
            /** @description Deliveries that gave up (in the last 30 days). */
            failedDeliveries: number;
            /** Format: uuid */
            id: string;
            /** @description null: every kind. */
            kinds: string[] | null;
            /**
             * Format: date-time
             * @description The last delivery or test.
             */
            lastAttemptAt: string | null;
            /** @description Why the last attempt failed. */
            lastError: string | null;
            /** @enum {string|null} */
            lastStatus: "ok" | "failed" | null;
            /** Format: date-time */
            lastSuccessAt: string | null;
            /** @enum {string} */
            minSeverity: "info" | "warning" | "critical";
            name: string;
            /**
             * Format: uuid
             * @description null: a host-level target.
             */
            networkId: string | null;
            /** @description null: every network (host-level targets). */
            networkIds: string[] | null;
            ntfy: components["schemas"]["NtfyViewDto"] | null;
            /** @description Deliveries waiting or being retried. */
            pendingDeliveries: number;
            /** @enum {string} */
            type: "webhook" | "ntfy" | "email";
            /** Format: date-time */
            updatedAt: string;
            webhook: components["schemas"]["WebhookViewDto"] | null;
        };
        TargetListDto: {
            items: components["schemas"]["TargetDto"][];
            /** @description Kinds the panel has emitted so far, for the kind filter. */
            knownKinds: string[];
        };
        TargetTestResultDto: {
            durationMs: number;
            error: string | null;
            ok: boolean;
        };
        TaskDto: {
            /** @description A cancel was asked for and the worker has not stopped yet. */
            cancelRequested: boolean;
            /** Format: date-time */
            createdAt: string;
            /** @description Why it failed. */
            error: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            machine: string | null;
            /** @description The latest one-line status. */
            message: string | null;
            /** Format: uuid */
            networkId: string | null;
            progress: number;
            /** @example system */
            queue: string;
            /** @description What the job produced, once succeeded. */
            result: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            startedAt: string | null;
            status: components["schemas"]["TaskStatus"];
            /**
             * @description The job name from the queue catalogue.
             * @example host.diagnostics
             */
            type: string;
            /**
             * Format: uuid
             * @description Who started it.
             */
            userId: string | null;
            /** @description The starter's display name (else username) when it began; null for the panel itself. */
            userName: string | null;
        };
        TaskListDto: {
            items: components["schemas"]["TaskDto"][];
            total: number;
        };
        TaskLogDto: {
            items: components["schemas"]["TaskLogLineDto"][];
            /** @description Lines after `after` in total (not only this page). */
            total: number;
        };
        TaskLogLineDto: {
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            level: "debug" | "info" | "warn" | "error";
            /** @description Increasing from 1 within a task; pass the last one seen as `after`. */
            seq: number;
            text: string;
        };
        TaskStartedDto: {
            /**
             * Format: uuid
             * @description Follow it with GET /api/tasks/{taskId}, its log, or the WebSocket.
             */
            taskId: string;
        };
        /** @enum {string} */
        TaskStatus: "queued" | "running" | "succeeded" | "failed" | "cancelled";
        TotpCodeDto: {
            /** @example 123456 */
            code: string;
        };
        TotpEnrolmentDto: {
            /** @example otpauth://totp/cLAN%20panel:alice?secret=…&issuer=cLAN%20panel */
            otpauthUrl: string;
            /** @description The otpauth URL as a QR code (SVG markup). */
            qrSvg: string;
            /**
             * @description Base32 secret, for typing into the app by hand.
             * @example JBSWY3DPEHPK3PXP
             */
            secret: string;
        };
        TreeEntryDto: {
            /** Format: date-time */
            mtime: string | null;
            /** @example f1.jpg */
            name: string;
            /** @example /srv/photos/f1.jpg */
            path: string;
            /** @example -rw-r--r-- */
            permissions: string | null;
            size: number | null;
            /** @enum {string} */
            type: "file" | "dir" | "symlink" | "other";
        };
        TreeListingDto: {
            /** @description Directories first, then by name. */
            entries: components["schemas"]["TreeEntryDto"][];
            /** @example /srv/photos */
            path: string;
            snapshotId: string;
        };
        UnlockHostDto: {
            /** Format: uuid */
            hostId: string;
            name: string;
            online: boolean;
            policy: components["schemas"]["HostPolicyDto"] | null;
            /** @enum {string} */
            role: "panel" | "worker";
            tang: components["schemas"]["TangStateDto"];
        };
        UnlockMatrixDto: {
            hosts: components["schemas"]["HostUnlockAnalysisDto"][];
            ifHostFails: components["schemas"]["HostFailureImpactDto"][];
        };
        UnlockOverviewDto: {
            coldStart: components["schemas"]["ColdStartDto"];
            hosts: components["schemas"]["UnlockHostDto"][];
            matrix: components["schemas"]["UnlockMatrixDto"];
        };
        UnreadCountDto: {
            unread: number;
        };
        UpdateBackupPolicyDto: {
            /**
             * @description Scheduled checks also read this part of the data (`--read-data-subset`); null: metadata only.
             * @example 5%
             */
            checkReadDataSubset?: string | null;
            /**
             * @description When to run `restic check` on the repository.
             * @example 0 5 * * 0
             */
            checkSchedule?: string | null;
            /** @description Database dumps: each command's standard output is stored as the file /<name> in a snapshot of its own (restic --stdin). A command that exits non-zero fails the run and its partial snapshot is forgotten. */
            dumpHooks?: components["schemas"]["BackupHookDto"][];
            /**
             * @description Disabled policies keep their history but run nothing and raise no alerts.
             * @default true
             */
            enabled: boolean;
            /**
             * @description restic --exclude patterns.
             * @example [
             *       "*.tmp",
             *       "/srv/photos/cache"
             *     ]
             */
            excludes?: string[];
            /**
             * @description Machines: also back up the state paths of the machine's active apps (catalog) and its backup.extraPaths.
             * @default true
             */
            includeAppState: boolean;
            /**
             * @description Retention: keep the last snapshot of n days.
             * @default 0
             */
            keepDaily: number;
            /**
             * @description Retention: keep the last n snapshots.
             * @default 0
             */
            keepLast: number;
            /**
             * @description Retention: keep the last snapshot of n months.
             * @default 0
             */
            keepMonthly: number;
            /**
             * @description Retention: keep the last snapshot of n weeks.
             * @default 0
             */
            keepWeekly: number;
            /**
             * @description Hours after the last success when the subject is "late".
             * @default 26
             */
            lateAfterHours: number;
            /**
             * Format: uuid
             * @description The member whose device this is; the family view shows it to them. Must be a member of the network.
             */
            ownerUserId?: string | null;
            /**
             * @description Absolute paths to back up.
             * @example [
             *       "/srv/photos"
             *     ]
             */
            paths?: string[];
            /** @description Commands run after the backup, also after a failed one; failures become warnings. */
            postHooks?: components["schemas"]["BackupHookDto"][];
            /** @description Commands run before the backup; one failing fails the run. */
            preHooks?: components["schemas"]["BackupHookDto"][];
            /**
             * Format: uuid
             * @description The repository (backup target) of this network to back up into.
             */
            repositoryId?: string;
            /**
             * @description `panel`: the panel runs restic on this host on the schedule (host admins only: it reads host paths). `device`: the device runs restic itself and reports through a check-in. Default: panel for machines, device for devices.
             * @enum {string}
             */
            runner?: "panel" | "device";
            /**
             * @description When the panel backs up (runner panel), as five-field cron in the host's time zone; null: only when started by hand.
             * @example 0 3 * * *
             */
            schedule?: string | null;
            /**
             * @description Hours after the last success when the subject is "stale" (not backed up: people are notified). At least lateAfterHours.
             * @default 72
             */
            staleAfterHours: number;
            /**
             * @description `machine`: a machine of the network configuration; `device`: a mesh device (a laptop…).
             * @enum {string}
             */
            subjectKind?: "machine" | "device";
            /**
             * @description Name of the machine or device.
             * @example laptop-anna
             */
            subjectName?: string;
        };
        UpdateBackupRepositoryDto: {
            /** @example nas */
            name?: string;
            /** @description New S3 keys (kind s3 only), e.g. after rotating them. */
            s3?: components["schemas"]["S3CredentialsDto"];
        };
        UpdateHostDto: {
            /** @description A draining host gets no new machines. */
            draining?: boolean;
            name?: string;
        };
        UpdateHostTargetDto: {
            /** @description Changes to the email settings; omitted fields stay. */
            email?: components["schemas"]["EmailSettingsPatchDto"];
            /** @default true */
            enabled: boolean;
            /**
             * @description Only these kinds (exact, or a prefix like "backup.*"); null or empty: every kind.
             * @example [
             *       "backup.*"
             *     ]
             */
            kinds?: string[] | null;
            /**
             * @description This severity and above are delivered.
             * @default warning
             * @enum {string}
             */
            minSeverity: "info" | "warning" | "critical";
            /** @example Anna’s phone (ntfy) */
            name?: string;
            /** @description Only these networks’ notifications; null or omitted: every network and the host-wide ones. */
            networkIds?: string[] | null;
            /** @description Changes to the ntfy settings; omitted fields stay. */
            ntfy?: components["schemas"]["NtfySettingsPatchDto"];
            /** @description Changes to the webhook settings; omitted fields stay. */
            webhook?: components["schemas"]["WebhookSettingsPatchDto"];
        };
        UpdateInputDto: {
            /** @description The upstream has another revision than the lock pins. */
            available: boolean;
            /**
             * Format: date-time
             * @description When the last check ran; null: never.
             */
            checkedAt: string | null;
            /**
             * Format: date-time
             * @description When that revision was made (its lastModified).
             */
            currentDate: string | null;
            /** @description The revision the repository's flake.lock pins at its head. */
            currentRev: string | null;
            /** @description Why the last check failed, as a sentence; null when it worked. */
            error: string | null;
            /**
             * @description The flake input: `clan`, the only one a network repository has.
             * @example clan
             */
            input: string;
            /** Format: date-time */
            latestDate: string | null;
            /** @description The revision the upstream's branch pointed at when last checked. */
            latestRev: string | null;
        };
        UpdateMachineDto: {
            /**
             * @description The `head` the form was filled from (GET machine); 409 when someone else changed this machine since. 409 (with `currentRevision` in the error body) when what this write replaces changed since; docs/api.md, "Revisions and conflicts".
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            baseRevision: string;
            /** @description The whole network layer of the machine (defaults fill what is omitted). `adminMode` and `localAdmins` keep their current values when omitted. */
            config: {
                [key: string]: unknown;
            };
            /**
             * @description true: answer the diff that would be committed, commit nothing.
             * @default false
             */
            dryRun: boolean;
            /**
             * @description Commit message; a meaningful one is generated when omitted.
             * @example Share the photos folder
             */
            message?: string;
        };
        UpdateMarketplaceSourceDto: {
            /**
             * @description SSH public keys, one per entry as a .pub file holds them (ssh-ed25519, ssh-rsa, ecdsa-sha2-…, sk-…); at most 32. GPG keys are not supported.
             * @example [
             *       "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpej/6iOFPP48wBxYRGpLPJmNKuepUz6xgtg+mFVTG4 ada@laptop"
             *     ]
             */
            signers?: string[];
            /**
             * @description Only revisions whose commit carries an SSH signature by one of `signers` are indexed; an unsigned update is refused (lastError says so) and the last index stays.
             * @default false
             */
            verified: boolean;
        };
        UpdateMemberDto: {
            /** @example viewer */
            role: components["schemas"]["NetworkRole"];
        };
        UpdateNetworkDto: {
            /** @example Our home network */
            description?: string;
            /**
             * @description What the network's machines run: `nixos` (NixOS, built by the cLAN flake; needs nixpkgs) or `demo` (Demo system (not NixOS): the tiny test system, for hosts without nixpkgs). Machines build with it from their next build on.
             * @example nixos
             */
            system?: components["schemas"]["NetworkSystem"];
        };
        UpdateNetworkTargetDto: {
            /** @description Changes to the email settings; omitted fields stay. */
            email?: components["schemas"]["EmailSettingsPatchDto"];
            /** @default true */
            enabled: boolean;
            /**
             * @description Only these kinds (exact, or a prefix like "backup.*"); null or empty: every kind.
             * @example [
             *       "backup.*"
             *     ]
             */
            kinds?: string[] | null;
            /**
             * @description This severity and above are delivered.
             * @default warning
             * @enum {string}
             */
            minSeverity: "info" | "warning" | "critical";
            /** @example Anna’s phone (ntfy) */
            name?: string;
            /** @description Changes to the ntfy settings; omitted fields stay. */
            ntfy?: components["schemas"]["NtfySettingsPatchDto"];
            /** @description Changes to the webhook settings; omitted fields stay. */
            webhook?: components["schemas"]["WebhookSettingsPatchDto"];
        };
        UpdateOverridesDto: {
            /**
             * @description The `head` the local layer was read at (GET machine); 409 when the machine's overrides changed since. 409 (with `currentRevision` in the error body) when what this write replaces changed since; docs/api.md, "Revisions and conflicts".
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            baseRevision: string;
            /**
             * @description true: answer the diff that would be committed, commit nothing.
             * @default false
             */
            dryRun: boolean;
            /**
             * @description Commit message; a meaningful one is generated when omitted.
             * @example Share the photos folder
             */
            message?: string;
            /** @description The whole local layer: a partial machine configuration deep-merged over the network layer (arrays and scalars replace). */
            overrides: {
                [key: string]: unknown;
            };
        };
        UpdatePeerDto: {
            /**
             * @description Groups for reachability rules (at most 16; lower-case words like "kids", "office"). Replaces the list.
             * @example [
             *       "kids"
             *     ]
             */
            groups?: string[];
        };
        UpdatePreviewDto: {
            /** @description The network repository's head the preview was made from. */
            baseRevision: string;
            /** Format: date-time */
            createdAt: string;
            error: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** @description The clan revision flake.lock pins now. */
            fromRev: string;
            /** Format: uuid */
            id: string;
            /** @description A unified diff of flake.lock, head → proposed. */
            lockDiff: string | null;
            machines: components["schemas"]["PreviewMachineDto"][];
            status: components["schemas"]["UpdatePreviewStatus"];
            /** Format: uuid */
            taskId: string | null;
            /** @description The clan revision the proposed lock pins. */
            toRev: string | null;
        };
        /** @enum {string} */
        UpdatePreviewStatus: "building" | "ready" | "failed" | "superseded";
        UpdateRolloutDto: {
            canary: string;
            concurrency: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            finishedAt: string | null;
            fromRev: string;
            /** @description Where and why it halted or failed, as a sentence. */
            haltReason: string | null;
            /** Format: uuid */
            id: string;
            machines: components["schemas"]["RolloutMachineDto"][];
            /** Format: uuid */
            previewId: string;
            /** @description The commit that put the old lock back (abort). */
            revertRevision: string | null;
            /** @description The commit that carries the new lock (trailer Clan-Rollout). */
            revision: string | null;
            soakSeconds: number;
            status: components["schemas"]["UpdateRolloutStatus"];
            /** Format: uuid */
            taskId: string | null;
            toRev: string;
            /** @enum {string} */
            trigger: "manual" | "schedule";
            /** @description Who started it; null: the schedule. */
            username: string | null;
        };
        UpdateRolloutListDto: {
            items: components["schemas"]["UpdateRolloutDto"][];
            total: number;
        };
        /** @enum {string} */
        UpdateRolloutStatus: "running" | "halted" | "succeeded" | "aborting" | "aborted" | "failed";
        UpdatesDto: {
            /** @description Automatic updates are on. */
            autoUpdate: boolean;
            inputs: components["schemas"]["UpdateInputDto"][];
            /** @description The latest preview that is not superseded (building, ready or failed); null: none. */
            preview: components["schemas"]["UpdatePreviewDto"] | null;
            /** @description The rollout running or halted now, else the latest one; null: none yet. */
            rollout: components["schemas"]["UpdateRolloutDto"] | null;
            /** @description The git flake the network follows; null: the panel's own flake or the demo system (no lock, no checks). */
            upstream: string | null;
            /** @description The maintenance window; null: any time. */
            window: components["schemas"]["UpdateWindowDto"] | null;
        };
        UpdateSettingsDto: {
            /** @description Automatic updates: a found update is previewed and rolled out in the next window. */
            autoUpdate: boolean;
            /** @description When scheduled rollouts may start; null: any time. */
            window: components["schemas"]["UpdateWindowDto"] | null;
        };
        UpdateUserDto: {
            /** @description Disable (true) or re-enable (false). Disabling ends the sessions; never yourself or the last host admin. */
            disabled?: boolean;
            /**
             * @description The name people see; empty: show the username.
             * @example Alice Smith
             */
            displayName?: string;
            /** @description Make or remove a host admin (never the last enabled one). */
            isHostAdmin?: boolean;
        };
        UpdateWindowDto: {
            /**
             * @description Days of the week, 0 = Sunday.
             * @example [
             *       0,
             *       6
             *     ]
             */
            days: number[];
            /**
             * @description End, host time, HH:MM; before the start: past midnight.
             * @example 05:00
             */
            end: string;
            /**
             * @description Start, host time, HH:MM.
             * @example 02:00
             */
            start: string;
        };
        UsageSampleDto: {
            /** Format: date-time */
            at: string;
            /** @description Free bytes on the target (local repositories). */
            freeBytes: number | null;
            /** @description Repository size in bytes. */
            sizeBytes: number;
        };
        UserDto: {
            /** @example Alice Smith */
            displayName: string;
            /** Format: uuid */
            id: string;
            isHostAdmin: boolean;
            /** @description Two-factor sign-in (TOTP) is on. */
            totpEnabled: boolean;
            /** @example alice */
            username: string;
        };
        UserListDto: {
            items: components["schemas"]["UserSummaryDto"][];
            total: number;
        };
        UserSummaryDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description A disabled account cannot sign in; its sessions and API tokens do not work. */
            disabled: boolean;
            /** Format: date-time */
            disabledAt: string | null;
            /** @example Alice Smith */
            displayName: string;
            /** Format: uuid */
            id: string;
            isHostAdmin: boolean;
            /**
             * Format: date-time
             * @description Last successful sign-in; null: never.
             */
            lastLoginAt: string | null;
            /** @description Two-factor sign-in (TOTP) is on. */
            totpEnabled: boolean;
            /** @example alice */
            username: string;
        };
        VmActiveTaskDto: {
            /** Format: uuid */
            id: string;
            message: string | null;
            /** @example 40 */
            progress: number;
            /** @example running */
            status: string;
            /** @example vm.deploy */
            type: string;
        };
        /** @enum {string} */
        VmHealth: "unknown" | "checking" | "healthy" | "unhealthy";
        VmHostDto: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            state: "online" | "offline";
        };
        /** @enum {string} */
        VmPowerAction: "start" | "stop" | "reboot" | "suspend" | "resume";
        /** @enum {string} */
        VmState: "undefined" | "shutOff" | "running" | "paused" | "shuttingDown" | "crashed" | "pmSuspended" | "blocked" | "unknown";
        VmSummaryDto: {
            /** @description The build, deployment or power action under way, if any. */
            activeTask: components["schemas"]["VmActiveTaskDto"] | null;
            /** @description The machine's mesh addresses (empty until it has joined the network's mesh). */
            addresses: string[];
            /**
             * Format: date-time
             * @description When the panel last booted it.
             */
            bootedAt: string | null;
            /** @description The generation the domain is defined for. */
            currentGeneration: number | null;
            /**
             * @description The revision of the healthy generation running now.
             * @example 3f0c1e2d4b5a69788796a5b4c3d2e1f001122334
             */
            deployedRevision: string | null;
            /**
             * @description The libvirt domain; null before the first deployment.
             * @example clan-1a2b3c4d-5e6f7a8b-anna
             */
            domainName: string | null;
            drift: components["schemas"]["ConfigDrift"];
            health: components["schemas"]["VmHealth"];
            /** Format: date-time */
            healthAt: string | null;
            /** @description The last generation that passed its health check (the rollback target). */
            healthyGeneration: number | null;
            /** @description The host it runs on (docs/fleet.md). */
            host: components["schemas"]["VmHostDto"];
            /** @description The newest generation built. */
            latestGeneration: number | null;
            /** @example anna */
            machine: string;
            /** @example 1024 */
            memoryMiB: number;
            /** Format: uuid */
            networkId: string;
            /**
             * @description As libvirt on its host reports it (`undefined`: no domain; `host-offline`: its host stopped sending heartbeats).
             * @enum {string}
             */
            state: "undefined" | "shutOff" | "running" | "paused" | "shuttingDown" | "crashed" | "pmSuspended" | "blocked" | "unknown" | "host-offline";
            /** @example 10 */
            stateDiskGiB: number;
            /** @description Seconds since the boot, while it runs. */
            uptimeSeconds: number | null;
            /** @example 1 */
            vcpus: number;
        };
        WebhookSettingsDto: {
            /**
             * @description A header sent with a secret value.
             * @example Authorization
             */
            headerName?: string | null;
            /**
             * @description Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear.
             * @example Bearer s3cr3t
             */
            headerSecret?: string | null;
            /** @description Signs each request: X-Clan-Signature-256 = sha256=HMAC-SHA256(secret, "<X-Clan-Timestamp>.<body>"). Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear. */
            signingSecret?: string | null;
            /** @example https://hooks.example.org/clan */
            url: string;
        };
        WebhookSettingsPatchDto: {
            /**
             * @description A header sent with a secret value.
             * @example Authorization
             */
            headerName?: string | null;
            /**
             * @description Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear.
             * @example Bearer s3cr3t
             */
            headerSecret?: string | null;
            /** @description Signs each request: X-Clan-Signature-256 = sha256=HMAC-SHA256(secret, "<X-Clan-Timestamp>.<body>"). Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear. */
            signingSecret?: string | null;
            /** @example https://hooks.example.org/clan */
            url?: string;
        };
        WebhookViewDto: {
            headerName: string | null;
            /** @description A secret header value is stored. */
            headerSecretSet: boolean;
            /** @description Requests are signed. */
            signingSecretSet: boolean;
            url: string;
        };
        WholeMachineRestoreDto: {
            /**
             * Format: uuid
             * @description The backup repository holding the snapshot.
             */
            repositoryId: string;
            /**
             * @description A snapshot of one of the machine's backup policies, tagged with the revision and generation it was taken under.
             * @example 8c1f882f
             */
            snapshotId: string;
        };
        WriteResultDto: {
            /**
             * @description The head this change (or dry-run preview) was computed against. Send it as `baseRevision` when applying a previewed change, so what is committed is exactly what was previewed.
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            basedOn: string;
            /** @description Whether a commit was made. */
            committed: boolean;
            diff: components["schemas"]["DiffDto"];
            /**
             * @description The new commit; the unchanged head when nothing changed; null for a dry run.
             * @example 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
             */
            revision: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAudit: {
        parameters: {
            query?: {
                /** @description An action, or its prefix: `network` matches `network.member.add`. */
                action?: string;
                limit?: number;
                networkId?: string;
                offset?: number;
                result?: "success" | "failure";
                /** @description At or after. */
                since?: string;
                /** @description Before. */
                until?: string;
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedInDto"];
                };
            };
            /** @description VALIDATION_FAILED: `fields` names the bad input. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description INVALID_CREDENTIALS, TOTP_REQUIRED (send totpCode or recoveryCode) or TOTP_INVALID. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RATE_LIMITED: too many failures for this account or address; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            /** @description Changed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description currentPassword is wrong, or newPassword is too short. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RATE_LIMITED: too many wrong passwords. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    disableTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordConfirmationDto"];
            };
        };
        responses: {
            /** @description Turned off. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The password is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    enrolTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpEnrolmentDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Two-factor sign-in is already on. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    verifyTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TotpCodeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesDto"];
                };
            };
            /** @description The code does not match. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Nothing is being set up, or two-factor sign-in is already on. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RATE_LIMITED: too many wrong codes (they count like failed sign-ins); see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    checkInBackup: {
        parameters: {
            query?: never;
            header: {
                /** @description The policy's check-in token (POST …/policies/{policyId}/checkin-token). */
                "X-Clan-Checkin-Token": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckinDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckinResultDto"];
                };
            };
            /** @description The check-in token is missing or not valid. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMyBackups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyViewDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    downloadNetworkCaSigned: {
        parameters: {
            query: {
                /** @description Unix seconds after which the link is refused. */
                expires: string;
                /** @description The panel's signature of network, format and expiry. */
                signature: string;
            };
            header?: never;
            path: {
                format: "pem" | "crt" | "mobileconfig";
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-apple-aspen-config": string;
                    "application/x-pem-file": string;
                    "application/x-x509-ca-cert": string;
                };
            };
            /** @description Unknown format. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The link is not signed by this panel or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listCatalogApps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogAppsDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getCatalogSchema: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogSchemaDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listRecordings: {
        parameters: {
            query?: {
                kind?: "serial" | "host";
                limit?: number;
                /** @description Machine name within its network. */
                machine?: string;
                networkId?: string;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getFleetUnlock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnlockOverviewDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bindHostDisk: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A host of the fleet. */
                hostId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BindDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getHostClevisConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A host of the fleet. */
                hostId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClevisConfigDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    setHostClevisPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A host of the fleet. */
                hostId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetClevisPolicyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnlockHostDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteHostClevisPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A host of the fleet. */
                hostId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    setHostTang: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A host of the fleet. */
                hostId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetTangDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    rotateHostTangKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A host of the fleet. */
                hostId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TangRotationDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `ok`, or `degraded` when a component running machines needs is missing (each says what to do). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
            /** @description The database or Redis is down. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
        };
    };
    runHostDiagnostics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunDiagnosticsDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    collectGenerations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GcDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getHostJournal: {
        parameters: {
            query?: {
                /** @description Entries after this cursor (newer). */
                after?: string;
                /** @description Entries before this cursor (older). */
                before?: string;
                limit?: number;
                /** @description Only entries this important or more (0 emerg … 7 debug). */
                priority?: number;
                /** @description Only this systemd unit, e.g. nginx.service. */
                unit?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JournalPageDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getHostMetrics: {
        parameters: {
            query?: {
                /** @description The window ending now: hour (raw samples), day (5-minute steps), week (30-minute steps), month (hourly), year (daily steps). */
                range?: components["schemas"]["MetricsRange"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsDto"];
                };
            };
            /** @description range must be one of hour, day, week, month, year (the window ending now, default hour). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getRecording: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                recordingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such recording. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteRecording: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                recordingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    downloadRecording: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                recordingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description asciicast v2: a JSON header line, then one JSON event per line. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-asciicast": string;
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such recording. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listHostTerminalSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostTerminalSessionListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Terminal. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    issueHostTerminalTicket: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HostTerminalTicketRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleTicketDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Terminal. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No running session has that id (in this panel process). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listHostVms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostVmListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listHosts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getHost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hostId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    removeHost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hostId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description It is the panel’s host, still online, or still has machines. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateHost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hostId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateHostDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    drainHost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hostId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    enrolHost: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnrolHostDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostEnrolledDto"];
                };
            };
            /** @description Unknown token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The token was used or expired. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listHostEnrolments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrolmentListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createHostEnrolment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEnrolmentDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedEnrolmentDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The name is taken, or the panel has no fleet address. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    revokeHostEnrolment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                enrolmentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listMarketplaceEntries: {
        parameters: {
            query?: {
                category?: string;
                kind?: components["schemas"]["MarketplaceEntryKind"];
                /** @description Words to find in the key, title, description, author or source. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceEntryListDto"];
                };
            };
            /** @description A query value out of shape. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMarketplaceEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                kind: components["schemas"]["MarketplaceEntryKind"];
                source: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceEntryDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such source or entry. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createNetworkFromTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                source: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateFromTemplateDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedFromTemplateDto"];
                };
            };
            /** @description A network name or system the panel does not accept. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such template. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A network of that name exists, or the template does not validate here. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    resolveNixLink: {
        parameters: {
            query: {
                link: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResolvedLinkDto"];
                };
            };
            /** @description Not a nix:// link this panel opens; the message says why. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listMarketplaceSources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceSourceListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createMarketplaceSource: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMarketplaceSourceDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceSourceDetailDto"];
                };
            };
            /** @description A name, URL, ref or signer key the panel does not accept, or verified without signer keys; the message says why. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A source of that name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMarketplaceSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceSourceDetailDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such source. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteMarketplaceSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such source. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A refresh of this source is running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateMarketplaceSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMarketplaceSourceDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceSourceDetailDto"];
                };
            };
            /** @description A signer key the panel does not accept, or verified without signer keys; the message says why. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such source. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    refreshMarketplaceSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceSourceDetailDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such source. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A refresh of this source is running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMyHome: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HomeDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    enrolMeshAgent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnrolMeshAgentDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshAgentEnrolmentDto"];
                };
            };
            /** @description The public key is not one of the network's layer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such invite. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The device name or key is taken (the invite stays usable). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Used, cancelled or expired. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    previewMeshInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitePreviewDto"];
                };
            };
            /** @description No such invite. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Used, cancelled or expired. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    acceptMeshInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptInviteDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedInviteDto"];
                };
            };
            /** @description No such invite. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The device name is taken (the invite stays usable). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Used, cancelled or expired. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listNetworks: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateNetworkDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A network with that name already exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateNetworkDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listNetworkAudit: {
        parameters: {
            query?: {
                /** @description An action, or its prefix: `network` matches `network.member.add`. */
                action?: string;
                limit?: number;
                offset?: number;
                result?: "success" | "failure";
                /** @description At or after. */
                since?: string;
                /** @description Before. */
                until?: string;
                userId?: string;
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Audit.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listBackupPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupPolicyListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createBackupPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBackupPolicyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupPolicyDto"];
                };
            };
            /** @description Bad cron, retention, relative path, unknown subject or repository…: the message says which. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getBackupPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupPolicyDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such policy in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteBackupPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupPolicyDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateBackupPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateBackupPolicyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupPolicyDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    checkInBackupPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckinDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckinResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createBackupCheckinToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckinTokenDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    pruneBackupPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    runBackupPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A backup of this policy is already queued or running, or the device backs itself up. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listBackupRuns: {
        parameters: {
            query?: {
                /** @description Only runs of this kind. */
                kind?: "backup" | "prune" | "check" | "restore" | "init";
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupRunListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    verifyBackupPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup policy of the network. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such policy in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The policy backs up a device, has no successful backup yet, or a verification of it is already queued or running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    refreshBackupStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkBackupStatusDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listBackupRepositories: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupRepositoryListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createBackupRepository: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBackupRepositoryDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedBackupRepositoryDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description A local repository needs a host administrator.
             *
             *     Requires Backup.Restore.
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The name is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getBackupRepository: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupRepositoryDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such repository in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteBackupRepository: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupRepositoryDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Policies still back up into it. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateBackupRepository: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateBackupRepositoryDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupRepositoryDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    checkBackupRepository: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckRepositoryDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A check or init of this repository is already queued or running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    initBackupRepository: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An init or check of this repository is already queued or running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listBackupSnapshots: {
        parameters: {
            query?: {
                /** @description Only this policy's snapshots. */
                policyId?: string;
            };
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SnapshotListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The repository cannot be read (missing, wrong password…): the message says why. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    restoreBackupSnapshot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
                /** @description A restic snapshot id (or its first 8+ hex digits). */
                snapshotId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RestoreDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such snapshot. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    restoreBackupSnapshotInMachine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
                /** @description A restic snapshot id (or its first 8+ hex digits). */
                snapshotId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MachineRestoreDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MachineRestoreResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such snapshot. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The machine is not running, the snapshot is not a copy from its repository, or the machine refused the restore. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listBackupSnapshotFiles: {
        parameters: {
            query?: {
                /** @description Directory to list (default "/"). */
                path?: string;
            };
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
                /** @description A restic snapshot id (or its first 8+ hex digits). */
                snapshotId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreeListingDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such snapshot, or no such directory in it. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getBackupRepositoryUsage: {
        parameters: {
            query?: {
                /** @description Samples from this time on (default: 30 days ago). */
                since?: string;
            };
            header?: never;
            path: {
                networkId: string;
                /** @description A backup repository of the network. */
                repositoryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepositoryUsageDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getBackupStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkBackupStatusDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    downloadNetworkCaDer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-x509-ca-cert": string;
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    downloadNetworkCaProfile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-apple-aspen-config": string;
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    downloadNetworkCaPem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-pem-file": string;
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    gitUploadPack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    gitHead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    gitInfoRefs: {
        parameters: {
            query?: {
                /** @description Set by git clients; absent for the dumb protocol. */
                service?: "git-upload-pack";
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getConfigDiff: {
        parameters: {
            query?: {
                /** @description Base revision; the parent of `to` when omitted. */
                from?: string;
                /** @description Target revision; the head when omitted. */
                to?: string;
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiffDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such revision. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getConfigHistory: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Only commits touching this repository path. */
                path?: string;
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getRawConfig: {
        parameters: {
            query?: {
                /** @description The revision to read; the head when omitted. */
                revision?: string;
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RawConfigDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such revision. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    putRawConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutRawConfigDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WriteResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description baseRevision is not the head any more. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    revertConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevertDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WriteResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such revision. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getConfigStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigStatusDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    askForHelp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateHelpRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HelpRequestResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Three requests in this network within the last hour already. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listMachines: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MachineListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createMachine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMachineDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MachineWriteResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A machine with that name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMachine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MachineDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateMachine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMachineDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WriteResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteMachine: {
        parameters: {
            query?: {
                /** @description The head the deletion was decided at; omitted: the head at the time of the write. 409 (with `currentRevision` in the error body) when what this write replaces changed since; docs/api.md, "Revisions and conflicts". */
                baseRevision?: string;
                /** @description true: answer the diff, commit nothing. */
                dryRun?: boolean;
                /** @description Commit message; generated when omitted. */
                message?: string;
            };
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WriteResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listAppCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppCredentialListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    revealAppCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The app's key in configs.json. */
                app: string;
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevealAppCredentialDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevealedAppCredentialDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine, or the app is not active on it or has no credential. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Already shown: send confirm: true to show it again. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    rotateAppCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The app's key in configs.json. */
                app: string;
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedAppCredentialDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine, or the app is not active on it or has no credential. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMachineConsole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MachineConsoleDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Console. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    setMachineConsole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MachineConsoleSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MachineConsoleDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getSerialScrollback: {
        parameters: {
            query?: {
                /** @description The current (last) boot only, or everything kept. */
                boot?: "current" | "all";
                /** @description Absolute offset to read from (offsets count every byte the console printed). */
                from?: number;
                /** @description Only the last `tail` bytes (of the boot, or of everything kept). */
                tail?: number;
            };
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SerialScrollbackDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Console. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    issueMachineConsoleTicket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MachineConsoleTicketRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleTicketDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Console. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description VNC only: the machine has no display, or it is not running with one. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deployMachine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeployDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.PowerMgmt. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Another build, deployment or power action on this machine is queued or running (one action per VM at a time). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listGenerations: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenerationListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    rollbackGeneration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.PowerMgmt. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Another build, deployment or power action on this machine is queued or running (one action per VM at a time). Or the generation was garbage-collected. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getGuestFacts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuestFactsDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The VM is not running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The controller inside the machine did not answer. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMachineMetrics: {
        parameters: {
            query?: {
                /** @description The window ending now: hour (raw samples), day (5-minute steps), week (30-minute steps), month (hourly), year (daily steps). */
                range?: components["schemas"]["MetricsRange"];
            };
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsDto"];
                };
            };
            /** @description range must be one of hour, day, week, month, year (the window ending now, default hour). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    migrateMachine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MigrateMachineDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not deployed, already there, the target is offline or draining, or the old host is offline. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateMachineOverrides: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateOverridesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WriteResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The machine is remotely managed: it has no local layer. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    revokeMachineOverrides: {
        parameters: {
            query?: {
                /** @description The head the deletion was decided at; omitted: the head at the time of the write. 409 (with `currentRevision` in the error body) when what this write replaces changed since; docs/api.md, "Revisions and conflicts". */
                baseRevision?: string;
                /** @description true: answer the diff, commit nothing. */
                dryRun?: boolean;
                /** @description Commit message; generated when omitted. */
                message?: string;
                /** @description Dotted key path of the override to revoke; all overrides when omitted. */
                path?: string;
            };
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WriteResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The machine is remotely managed: it has no local layer. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMachinePlacement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlacementDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    setMachinePlacement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MigrateMachineDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlacementDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description It already runs somewhere (move it instead), or the host is draining. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    restoreWholeMachine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WholeMachineRestoreDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Backup.Restore. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such repository or snapshot. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The snapshot is not a backup of this machine, does not record its revision and generation, its generation was collected, or a restore of the machine is already running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getVm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VmSummaryDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such machine. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    vmPower: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                action: components["schemas"]["VmPowerAction"];
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.PowerMgmt. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Another build, deployment or power action on this machine is queued or running (one action per VM at a time). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getSerialLog: {
        parameters: {
            query?: {
                /** @description Bytes from the end of the log. */
                tail?: number;
            };
            header?: never;
            path: {
                machine: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SerialLogDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Console. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNetworkMarketplace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkMarketplaceDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    removeNetworkMarketplaceApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unpinned. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not an app key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network, or the app is not pinned in it. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Machines still list the app. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createMarketplaceReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMarketplaceReviewDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceReviewDto"];
                };
            };
            /** @description A body that is not one, or a machine the network does not have. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network, source or app. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Nothing to review (pinned at that revision already), an app of that name from another source, or a mirror without the revision. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMarketplaceReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceReviewDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or review. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    acceptMarketplaceReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptMarketplaceReviewDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or review. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Decided already, or stale: the pin changed since the review was made. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    rejectMarketplaceReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceReviewDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or review. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Decided already. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listNetworkMembers: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    addNetworkMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddMemberDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network, or no user with that name. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The user is already a member. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    removeNetworkMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network, or the user is not a member. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description That would leave the network without an owner. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateNetworkMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMemberDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network, or the user is not a member. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description That would leave the network without an owner. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMesh: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createMeshAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMeshAgentDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshAgentEnrolmentDto"];
                };
            };
            /** @description The public key is not one of the network's layer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The device name or key is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    applyMesh: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createMeshDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDeviceDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshPeerDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The name or the public key is taken, or the range is full. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    revokeMeshDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked device, and how far the cut reached (host, device agents). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshPeerChangeDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such active device. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    blockMeshDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The blocked device, and how far the cut reached (host, device agents). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshPeerChangeDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such active device. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Already blocked. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMeshDeviceConfig: {
        parameters: {
            query?: {
                /** @description One of the layer's config forms (MeshDto.layer.configFormats; WireGuard: wg-quick, syncconf). Default: the first. */
                format?: string;
            };
            header?: never;
            path: {
                device: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such active device. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMeshDeviceQr: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such active device. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    unblockMeshDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The device, and how far the change reached (host, device agents). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshPeerChangeDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such active device. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not blocked, or its name or key was taken meanwhile. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listMeshInvites: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InviteDto"][];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createMeshInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInviteDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedInviteDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    cancelMeshInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                inviteId: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InviteDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such invite in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The invite was already used. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateMeshPeer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                peer: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePeerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshPeerDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such active device or machine. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMeshRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshRulesViewDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    putMeshRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MeshRulesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeshRulesViewDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNetworkMetrics: {
        parameters: {
            query?: {
                /** @description The window ending now: hour (raw samples), day (5-minute steps), week (30-minute steps), month (hourly), year (daily steps). */
                range?: components["schemas"]["MetricsRange"];
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsDto"];
                };
            };
            /** @description range must be one of hour, day, week, month, year (the window ending now, default hour). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listNetworkNotificationTargets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createNetworkNotificationTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateNetworkTargetDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetDto"];
                };
            };
            /** @description Invalid settings (each problem names its field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteNetworkNotificationTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                targetId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such target in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateNetworkNotificationTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                targetId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateNetworkTargetDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such target in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    testNetworkNotificationTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                targetId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetTestResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such target in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listPersonInvites: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonInviteListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createPersonInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePersonInviteDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedPersonInviteDto"];
                };
            };
            /** @description VALIDATION_FAILED: `fields` names the bad input. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description enrolDevice, but the network has no mesh this panel runs. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    revokePersonInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                inviteId: string;
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonInviteDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Member.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such invitation in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The invitation was already used. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNetworkPublication: {
        parameters: {
            query?: never;
            header: {
                host: string;
            };
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishStatusDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    publishNetwork: {
        parameters: {
            query?: never;
            header: {
                host: string;
            };
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishTemplateDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishedTemplateDto"];
                };
            };
            /** @description A title, description or licence that is not one. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The network has no machines, or its configuration does not validate. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    unpublishNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unpublished. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Manage. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network, or it is not published. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listNetworkRecordings: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only this machine. */
                machine?: string;
                offset?: number;
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Console. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNetworkRecording: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                recordingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Console. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such recording in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    downloadNetworkRecording: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                recordingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description asciicast v2: a JSON header line, then one JSON event per line. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-asciicast": string;
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Console. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such recording in this network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNetworkUpdates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdatesDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    checkNetworkUpdates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The network follows no upstream, or a check is already queued or running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    previewNetworkUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No upstream, no update found by a check, or a preview or rollout is already under way. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNetworkUpdatePreview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                previewId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdatePreviewDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or preview. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listNetworkUpdateRollouts: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdateRolloutListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    startNetworkUpdateRollout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartRolloutDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RolloutStartedDto"];
                };
            };
            /** @description A value out of range, or a canary that is not one of the machines. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or preview. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The preview is not ready or is out of date, or a rollout is already running or halted. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNetworkUpdateRollout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                rolloutId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdateRolloutDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or rollout. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    abortNetworkUpdateRollout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                rolloutId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RolloutStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or rollout. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The rollout already ended (succeeded or aborted) or is being aborted. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    resumeNetworkUpdateRollout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                rolloutId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RolloutStartedDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or rollout. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The rollout is not halted. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    skipNetworkUpdateRolloutMachine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
                rolloutId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SkipMachineDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RolloutStartedDto"];
                };
            };
            /** @description No machine named. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network or rollout. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The rollout is not halted, or not on that machine. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    setNetworkUpdateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdatesDto"];
                };
            };
            /** @description A day or time that is not one; the message says which. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Automatic updates need an upstream to follow. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    setNetworkUpdateUpstream: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetUpstreamDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdatesDto"];
                };
            };
            /** @description Not a git flake URL this panel accepts; the message says why. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Machine.Config. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such network. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Nix could not lock the upstream (nothing was committed), or the configuration does not validate. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listNotificationTargets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createNotificationTarget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateHostTargetDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetDto"];
                };
            };
            /** @description Invalid settings (each problem names its field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteNotificationTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                targetId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such host-level target. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateNotificationTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                targetId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateHostTargetDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such host-level target. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    testNotificationTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                targetId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetTestResultDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such host-level target. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only this severity and above. */
                minSeverity?: "info" | "warning" | "critical";
                /** @description Only this network’s notifications. */
                networkId?: string;
                offset?: number;
                /** @description true: only the ones you have not read. */
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    readNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notificationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarkedReadDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such notification, or not one you can see. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    readNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarkedReadDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getNotificationUnreadCount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnreadCountDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    previewPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetPreviewDto"];
                };
            };
            /** @description No such link. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Used or expired. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    usePasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewPasswordDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetDoneDto"];
                };
            };
            /** @description The password is too short or too long. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such link. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Used or expired. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    previewPersonInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonInvitePreviewDto"];
                };
            };
            /** @description No such invitation. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Used, withdrawn or expired; the message names whom to ask. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    acceptPersonInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptPersonInviteDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedPersonInviteDto"];
                };
            };
            /** @description VALIDATION_FAILED: the username or password does not follow the rules. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such invitation. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The username is taken (the invitation stays usable). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Used (also: by a concurrent accept), withdrawn or expired. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    publishedUploadPack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    publishedHead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    publishedInfoRefs: {
        parameters: {
            query?: {
                service?: "git-upload-pack";
            };
            header?: never;
            path: {
                networkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getSetupStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetupStatusDto"];
                };
            };
        };
    };
    completeSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetupDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedInDto"];
                };
            };
            /** @description VALIDATION_FAILED: `fields` names the bad input. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SETUP_ALREADY_DONE: a user exists already. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listTasks: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Machine name within its network. */
                machine?: string;
                networkId?: string;
                offset?: number;
                /** @description Created at or after. */
                since?: string;
                status?: components["schemas"]["TaskStatus"];
                /** @description Job name, e.g. host.diagnostics. */
                type?: string;
                /** @description Created before. */
                until?: string;
                /** @description Who started the task. */
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                taskId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such task. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    cancelTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                taskId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description TASK_NOT_CANCELLABLE: the task has already finished. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getTaskLog: {
        parameters: {
            query?: {
                /** @description Only lines with a larger seq. */
                after?: number;
                limit?: number;
            };
            header?: never;
            path: {
                taskId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskLogDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Network.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such task. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTokenDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedTokenDto"];
                };
            };
            /** @description VALIDATION_FAILED: bad name, or expiresAt not a future date. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked (also when it already was). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such token of yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    revokeAllTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokedTokensDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserListDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Audit. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserSummaryDto"];
                };
            };
            /** @description VALIDATION_FAILED: `fields` names the bad input. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The username is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such user. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Yourself, or the last host admin. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserSummaryDto"];
                };
            };
            /** @description VALIDATION_FAILED: `fields` names the bad input. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such user. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Disabling yourself, or demoting or disabling the last host admin. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OneTimeLinkDto"];
                };
            };
            /** @description Not signed in, or the token is invalid, revoked or expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires Sys.Modify. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such user. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
