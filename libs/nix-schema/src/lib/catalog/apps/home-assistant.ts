import { booleanField, enumField, patternSchema, strictObject } from '../../fields';
import { defineApp } from '../types';

const timeZoneText = { title: 'Time zone', description: 'IANA time zone of the home, e.g. "Europe/Berlin".' };

export const homeAssistantOptions = strictObject('Home Assistant settings', {
  enable: booleanField({ title: 'Enable Home Assistant', description: 'Run Home Assistant on this machine.' }, false),
  timeZone: patternSchema(
    timeZoneText,
    /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/,
    'be an IANA time zone name such as "UTC" or "Europe/Berlin"',
    64,
  )
    .default('UTC')
    .meta(timeZoneText),
  // Only values every supported nixpkgs accepts (docs/nix.md): nixos-25.05's unit_system is
  // "metric" | "imperial", later releases "metric" | "us_customary".
  unitSystem: enumField(
    {
      title: 'Unit system',
      description: 'Metric (°C, km): the one unit system every supported NixOS release accepts under the same name.',
    },
    ['metric'] as const,
    'metric',
  ),
});

export const homeAssistant = defineApp({
  key: 'homeAssistant',
  title: 'Home Assistant',
  description: 'Home automation: sensors, lights and automations of the household.',
  order: 80,
  nixosModule: 'services.home-assistant',
  options: homeAssistantOptions,
  hasEnable: true,
  state: { paths: ['/var/lib/hass'] },
  ports: () => [{ port: 8123, protocol: 'tcp', description: 'Web interface' }],
  web: { label: 'home-assistant', port: () => 8123 },
});
