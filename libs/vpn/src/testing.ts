/**
 * Test helpers for other projects' integration tests (import from "@clan/vpn/testing", never from
 * production code): the network-namespace lab with wireguard-go (root only; fails naming the Debian packages).
 */
export { type CommandResult, NetnsLab, requireLabTools } from './lib/testing/netns';
