import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { QueueItem } from '../../src/app/operator/QueuePanel.tsx';
import { ErrorsPanel } from '../../src/app/operator/ErrorsPanel.tsx';

describe('the operator console shows audience text as text', () => {
  it('escapes markup in a story: no element is created from it', () => {
    const text = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const html = renderToStaticMarkup(
      <QueueItem
        story={{ type: 'story', seq: 4, t: 10, id: 'story-xss-1', text, emotion: 'anger', material: '"><b>m</b>', lang: 'en', consent: false }}
        session={null}
        color="#e0452b"
        material={'"><b>m</b>'}
        now={20}
        enabled
      />,
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;b&gt;m&lt;/b&gt;');
  });

  it("escapes an installation error message too (it quotes the artist's file)", () => {
    const html = renderToStaticMarkup(
      <ErrorsPanel
        errors={[{ severity: 'error', file: 'installation.yaml', line: 3, column: 7, path: 'title', message: 'unknown <svg onload=x>', hint: 'fix it' }]}
      />,
    );
    expect(html).toContain('installation.yaml:3:7');
    expect(html).toContain('unknown &lt;svg onload=x&gt;');
    expect(html).not.toContain('<svg');
  });
});
