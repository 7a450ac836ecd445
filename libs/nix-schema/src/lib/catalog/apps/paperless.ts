import { booleanField, patternSchema, portField, strictObject } from '../../fields';
import { defineApp } from '../types';

const ocrText = {
  title: 'OCR languages',
  description: 'Tesseract language codes for text recognition, joined with "+", e.g. "eng" or "deu+eng".',
};

export const paperlessOptions = strictObject('Paperless settings', {
  enable: booleanField(
    { title: 'Enable Paperless', description: 'Run Paperless-ngx, a document archive with text recognition, on this machine.' },
    false,
  ),
  port: portField({ title: 'Port', description: 'Port of the web interface, on the mesh interface.' }, 28981),
  ocrLanguage: patternSchema(
    ocrText,
    /^[a-z]{3}(?:_[a-z]+)*(?:\+[a-z]{3}(?:_[a-z]+)*)*$/,
    'be Tesseract language codes joined with "+", such as "eng" or "deu+eng"',
    200,
  )
    .default('eng')
    .meta(ocrText),
});

export const paperless = defineApp({
  key: 'paperless',
  title: 'Paperless',
  description: "Scan, index and search the household's paper documents.",
  order: 90,
  nixosModule: 'services.paperless',
  options: paperlessOptions,
  hasEnable: true,
  state: {
    paths: ['/var/lib/paperless'],
    hooks: [{ id: 'paperless-export', description: 'Run the Paperless document exporter before the backup runs.' }],
  },
  ports: (o) => [{ port: o.port, protocol: 'tcp', option: 'port', description: 'Web interface' }],
  web: { label: 'paperless', port: (o) => o.port },
});
