import type { ReactNode } from 'react';
import type { PacketBullet, PacketSection, ReviewPacket } from '../lib/api';

/**
 * The sections of a review packet in their fixed order, each bullet drawn by `bullet` (editable for the owner,
 * read-only for a manager). `level` is the sections' heading level in the page's outline.
 */
export function PacketBody(props: {
  packet: ReviewPacket;
  level: 2 | 3 | 4;
  bullet: (bullet: PacketBullet, section: PacketSection) => ReactNode;
}) {
  const Heading = `h${props.level}` as 'h2';
  return (
    <>
      {props.packet.sections.map((section) => {
        const id = `s-${props.packet.id}-${section.key}`;
        return (
          <section key={section.key} className="packet-section" aria-labelledby={id} data-section={section.key}>
            <Heading id={id}>
              {section.title} <span className="count">({section.bullets.length})</span>
            </Heading>
            {section.bullets.length === 0 ? (
              <p className="muted">Nothing in this section.</p>
            ) : (
              <ul className="bullets">
                {section.bullets.map((b) => (
                  <li key={b.id} className="bullet" data-id={b.id} data-edited={b.edited}>
                    {props.bullet(b, section)}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

/** What wrote the packet's first text, in words, for its owner ('your') or for a manager ('their'). */
export function generatorLabel(generator: string, whose: 'your' | 'their' = 'your'): string {
  // 'evidence': the period had no insight yet; 'statistical': insights of the local analysis; else the LLM's model.
  if (generator === 'evidence') return `written from ${whose} evidence (no insights yet), without a language model`;
  if (generator === 'statistical') return `written from ${whose} insights and evidence, without a language model`;
  return `written with ${generator}`;
}
