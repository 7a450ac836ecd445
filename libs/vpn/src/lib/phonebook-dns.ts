/** The phonebook: `<device>.<network>.clan` answered by a DNS responder on the host's mesh addresses (docs/phonebook.md). */
export { PhonebookTable, PhonebookInputError, PHONEBOOK_LABEL_PATTERN } from './phonebook-dns-table';
export type { PhonebookAddresses, PhonebookEntry } from './phonebook-dns-table';
export { PhonebookDnsServer, PhonebookListenError } from './phonebook-dns-server';
export type { PhonebookDnsServerOptions, PhonebookListener, PhonebookListenOptions } from './phonebook-dns-server';
export { answerPhonebookQuery, PHONEBOOK_MAX_UDP_PAYLOAD, PHONEBOOK_TTL, PHONEBOOK_ZONE } from './phonebook-dns-answer';
export type { PhonebookOutcome, PhonebookQueryContext, PhonebookReply } from './phonebook-dns-answer';
export {
  decodeDnsMessage,
  dnsNameFromString,
  dnsNameToString,
  DnsClass,
  DnsRcode,
  DnsType,
  DnsWireError,
  encodeDnsMessage,
} from './phonebook-dns-wire';
export type { DnsEdns, DnsHeader, DnsMessage, DnsName, DnsQuestion, DnsRecord } from './phonebook-dns-wire';
