import { el, escapeXml, parseXml, renderXml, textOf, XmlParseError } from './xml';

describe('xml builder', () => {
  it('escapes all five special characters in text and attributes', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    const xml = renderXml(el('x', { p: `"'<&>` }, [`<&>"'`]));
    expect(xml).toBe('<x p="&quot;&apos;&lt;&amp;&gt;">&lt;&amp;&gt;&quot;&apos;</x>');
  });

  it('drops null, undefined and false children and attributes', () => {
    expect(renderXml(el('a', { x: undefined, y: null, z: 0 }, [null, false, undefined, el('b')]))).toBe('<a z="0">\n  <b/>\n</a>');
  });

  it.each([`plain`, `quo"te's`, `<tag>&amp;`, `ünï©ødé ✓ 🙂`, `]]> -- <!-- x -->`])('round-trips %s', (value) => {
    const back = parseXml(renderXml(el('root', { v: value }, [el('t', {}, [value])])));
    expect(back.attrs['v']).toBe(value);
    expect(textOf(back.children[0] as never)).toBe(value);
  });
});

describe('xml parser', () => {
  it('reads libvirt-style output with prolog, comments, single quotes, CDATA and char references', () => {
    const doc = parseXml(`<?xml version="1.0"?>
<!-- generated -->
<domain type='kvm' id="1">
  <name>a&#x41;&#66;&lt;</name>
  <d><![CDATA[<raw>&]]></d>
  <empty a='1'/>
</domain>`);
    expect(doc.name).toBe('domain');
    expect(doc.attrs).toEqual({ type: 'kvm', id: '1' });
    expect(doc.children).toHaveLength(3);
    expect(textOf(doc.children[0] as never)).toBe('aAB<');
    expect(textOf(doc.children[1] as never)).toBe('<raw>&');
  });

  it.each([
    ['mismatched tags', '<a><b></a></b>'],
    ['unclosed root', '<a><b/>'],
    ['two roots', '<a/><b/>'],
    ['text outside root', 'x<a/>'],
    ['empty input', '   '],
    ['bad attribute', '<a b=c/>'],
    ['unterminated comment', '<a><!-- x</a>'],
  ])('rejects %s', (_why, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlParseError);
  });
});
