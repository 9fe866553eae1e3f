/** The chat formatting renderer: the subset it formats, and HTML it never interprets. */
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FormattedText } from './formatText';

function html(text: string) {
  const { container } = render(<p><FormattedText text={text} /></p>);
  return container.querySelector('p')!;
}

describe('FormattedText', () => {
  it('renders bold, italic and code', () => {
    const p = html('Hola **equipo**, _pronto_ usa `cargo test`');
    expect(p.querySelector('strong')?.textContent).toBe('equipo');
    expect(p.querySelector('em')?.textContent).toBe('pronto');
    expect(p.querySelector('code')?.textContent).toBe('cargo test');
    expect(p.textContent).toBe('Hola equipo, pronto usa cargo test');
  });

  it('turns line breaks into <br>', () => {
    const p = html('una\ndos\r\ntres');
    expect(p.querySelectorAll('br')).toHaveLength(2);
    expect(p.textContent).toBe('unadostres');
  });

  it('shows HTML literally and never creates elements from it', () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script> **<b>x</b>**';
    const p = html(evil);
    expect(p.querySelector('img')).toBeNull();
    expect(p.querySelector('script')).toBeNull();
    expect(p.querySelector('b')).toBeNull();
    expect(p.querySelector('strong')?.textContent).toBe('<b>x</b>');
    expect(p.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it('passes emoji through and leaves snake_case words alone', () => {
    const p = html('listo 🚜👍 en mi_variable_x');
    expect(p.querySelector('em')).toBeNull();
    expect(p.textContent).toBe('listo 🚜👍 en mi_variable_x');
  });
});
