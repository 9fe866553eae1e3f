/**
 * Renders the chat formatting subset — **bold**, _italic_, `code` and line
 * breaks — as React elements. Text is only ever placed as text nodes, so any
 * HTML in a message is shown literally, never interpreted.
 */
import type React from 'react';

const TOKEN = /(\*\*[^*\n]+\*\*|`[^`\n]+`|(?<![\p{L}\p{N}])_[^_\n]+_(?![\p{L}\p{N}]))/u;

function formatLine(line: string, keyBase: string): React.ReactNode[] {
  const out: React.ReactNode[] = [];
  const parts = line.split(TOKEN);
  parts.forEach((part, i) => {
    if (part === '' || part === undefined) return;
    const key = `${keyBase}-${i}`;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) {
      out.push(<strong key={key}>{part.slice(2, -2)}</strong>);
    } else if (part.startsWith('`') && part.endsWith('`') && part.length > 2) {
      out.push(<code key={key}>{part.slice(1, -1)}</code>);
    } else if (part.startsWith('_') && part.endsWith('_') && part.length > 2) {
      out.push(<em key={key}>{part.slice(1, -1)}</em>);
    } else {
      out.push(part);
    }
  });
  return out;
}

export function FormattedText({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) => (
        <span key={i}>
          {i > 0 && <br />}
          {formatLine(line, String(i))}
        </span>
      ))}
    </>
  );
}
