import { parseClientMessage } from './protocol';

describe('console client messages', () => {
  it('parses resize, ping and text input', () => {
    expect(parseClientMessage('{"type":"resize","cols":120,"rows":40}')).toEqual({ type: 'resize', cols: 120, rows: 40 });
    expect(parseClientMessage('{"type":"ping"}')).toEqual({ type: 'ping' });
    expect(parseClientMessage('{"type":"input","data":"ls\\r"}')).toEqual({ type: 'input', data: 'ls\r' });
  });

  it('rejects everything else', () => {
    for (const bad of [
      '',
      'ls',
      'null',
      '[]',
      '{"type":"resize","cols":0,"rows":10}',
      '{"type":"resize","cols":"80","rows":24}',
      '{"type":"input"}',
      '{"type":"exec"}',
    ]) {
      expect(parseClientMessage(bad)).toBeNull();
    }
  });
});
