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
        /** Change a network's description (the name is permanent) */
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
        /** The network's mesh: address ranges and peers (allocates the ranges on first use) */
        get: operations["getMesh"];
        put?: never;
        post?: never;
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
    "/api/networks/{networkId}/mesh/devices/{device}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The device's WireGuard config (with its private key when the panel holds it, else the {{PRIVATE_KEY}} placeholder) */
        get: operations["getMeshDeviceConfig"];
        put?: never;
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
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
        AuditEntryDto: {
            /**
             * @description From the operation id; `METHOD /route` for unknown routes.
             * @example network.member.add
             */
            action: string;
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
             * @description The WireGuard public key (base64) when the device made its own key pair; the panel then never sees the private key. Without it the panel generates the pair and keeps the private key encrypted.
             * @example YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=
             */
            publicKey?: string;
            /** @description Forward traffic for peers that cannot reach each other directly (needs an endpoint). */
            relay?: boolean;
            /** @description Talk directly to relays only (small configs for QR codes). Default false. */
            relayOnly?: boolean;
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
        CreateNetworkDto: {
            /** @example Our home network */
            description?: string;
            /**
             * @description DNS label: a-z, 0-9 and "-", not starting or ending with "-"; not one of new, all, host, localhost, nixos, self, inputs, outputs. Cannot be changed later.
             * @example family
             */
            name: string;
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
        HealthComponentsDto: {
            database: components["schemas"]["ComponentHealthDto"];
            libvirt: components["schemas"]["ComponentHealthDto"];
            nix: components["schemas"]["ComponentHealthDto"];
            redis: components["schemas"]["ComponentHealthDto"];
        };
        HealthDto: {
            components: components["schemas"]["HealthComponentsDto"];
            /**
             * @description `degraded` when the database or Redis is down (the response is then 503).
             * @enum {string}
             */
            status: "ok" | "degraded";
            /** @example 0.1.0 */
            version: string;
        };
        HistoryDto: {
            items: components["schemas"]["CommitDto"][];
            total: number;
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
        MeshDto: {
            /** @example 10.100.0.0/24 */
            ipv4Cidr: string;
            /** @example fd3c:8a21:9f04::/64 */
            ipv6Prefix: string;
            /** @description Active peers by address, then revoked ones. */
            peers: components["schemas"]["MeshPeerDto"][];
        };
        MeshPeerDto: {
            behindNat: boolean;
            /** Format: date-time */
            createdAt: string;
            /** @example 203.0.113.7:51820 */
            endpoint: string | null;
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
            /** @enum {string} */
            kind: "device" | "machine";
            /** @example laptop */
            name: string;
            /** @description True when the panel holds the private key (it generated the pair). */
            panelHoldsKey: boolean;
            /** @example YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A= */
            publicKey: string;
            relay: boolean;
            relayOnly: boolean;
            /** @description Removed from the mesh: no other peer renders it any more. */
            revoked: boolean;
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
        /**
         * @description The caller's role in this network; `host-admin` when the host admin sees it without being a member.
         * @enum {string}
         */
        MyNetworkRole: "owner" | "admin" | "member" | "viewer" | "host-admin";
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
            /** Format: date-time */
            updatedAt: string;
        };
        NetworkListDto: {
            items: components["schemas"]["NetworkDto"][];
            /** @example 1 */
            total: number;
        };
        /** @enum {string} */
        NetworkRole: "owner" | "admin" | "member" | "viewer";
        PasswordConfirmationDto: {
            /** Format: password */
            password: string;
        };
        /** @enum {string} */
        PortProtocol: "tcp" | "udp";
        PutRawConfigDto: {
            /**
             * @description The head the edit started from; 409 when the head moved since.
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
        RecoveryCodesDto: {
            /**
             * @description Ten single-use codes. Shown only this once.
             * @example [
             *       "k7wd-2mqp-x9"
             *     ]
             */
            recoveryCodes: string[];
        };
        RevertDto: {
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
        RunDiagnosticsDto: {
            /**
             * @description How long to sample host load, one sample per second.
             * @default 5
             */
            sampleSeconds: number;
        };
        SerialLogDto: {
            /** @description Size of the whole log in bytes. */
            size: number;
            /** @description The end of the serial console output since the last boot (UTF-8, invalid bytes replaced). */
            text: string;
            /** @description Whether `text` starts after the beginning of the log. */
            truncated: boolean;
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
        SignedInDto: {
            /** @description Send as X-CSRF-Token on every write made with the session cookie. */
            csrfToken: string;
            user: components["schemas"]["UserDto"];
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
        UpdateMachineDto: {
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
        UpdateMemberDto: {
            /** @example viewer */
            role: components["schemas"]["NetworkRole"];
        };
        UpdateNetworkDto: {
            /** @example Our home network */
            description?: string;
        };
        UpdateOverridesDto: {
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
            /** @example Alice Smith */
            displayName: string;
            /** Format: uuid */
            id: string;
            isHostAdmin: boolean;
            /** Format: date-time */
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
        /** @enum {string} */
        VmPowerAction: "start" | "stop" | "reboot" | "suspend" | "resume";
        /**
         * @description As libvirt reports it now (`undefined`: no domain).
         * @enum {string}
         */
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
            /** @description The newest generation built. */
            latestGeneration: number | null;
            /** @example anna */
            machine: string;
            /** @example 1024 */
            memoryMiB: number;
            /** Format: uuid */
            networkId: string;
            /** @description As libvirt reports it now (`undefined`: no domain). */
            state: components["schemas"]["VmState"];
            /** @example 10 */
            stateDiskGiB: number;
            /** @description Seconds since the boot, while it runs. */
            uptimeSeconds: number | null;
            /** @example 1 */
            vcpus: number;
        };
        WriteResultDto: {
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
    getHealth: {
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
            /** @description No such active device. */
            404: {
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
                /** @description wg-quick file, or the `wg syncconf` form. */
                format?: "wg-quick" | "syncconf";
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
}
