import { asciicastOutput, parseAsciicast } from './consoles';

describe('asciicast v2', () => {
  it('parses a header and events, and joins the output', () => {
    const text = [
      JSON.stringify({ version: 2, width: 80, height: 24, title: 't' }),
      JSON.stringify([0.1, 'o', 'a']),
      JSON.stringify([0.2, 'm', 'anna joined']),
      '',
      JSON.stringify([0.3, 'o', 'b']),
    ].join('\n');
    const cast = parseAsciicast(text);
    expect(cast.header).toEqual({ version: 2, width: 80, height: 24, title: 't' });
    expect(cast.events).toHaveLength(3);
    expect(asciicastOutput(cast)).toBe('ab');
  });

  it('names the line that is wrong', () => {
    expect(() => parseAsciicast('')).toThrow('asciicast: empty file');
    expect(() => parseAsciicast('{"version":1,"width":80,"height":24}')).toThrow(/line 1 is not an asciicast v2 header/);
    expect(() => parseAsciicast('{"version":2,"width":80,"height":24}\n[1,"x","a"]')).toThrow(/line 2 is not an event/);
    expect(() => parseAsciicast('{"version":2,"width":80,"height":24}\n[1,"o"]')).toThrow(/line 2/);
  });
});
