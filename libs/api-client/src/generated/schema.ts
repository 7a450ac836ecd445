/* eslint-disable */
// Generated from libs/api-client/openapi.json by `npm run openapi`. Do not edit.

export interface paths {
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ComponentHealthDto: {
            /** @example PostgreSQL 15.19, 2 ms */
            detail: string;
            /**
             * @description `unavailable`: optional component not installed or not reachable.
             * @enum {string}
             */
            status: "ok" | "down" | "unavailable";
        };
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
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
}
