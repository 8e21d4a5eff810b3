import { type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useStreamStatus } from '../lib/stream';

const NAV = [
  { href: '/', label: 'Timeline' },
  { href: '/search', label: 'Search' },
  { href: '/insights', label: 'Insights' },
  { href: '/review', label: 'Review' },
  { href: '/shared', label: 'Shared with me' },
  { href: '/sources', label: 'Sources' },
  { href: '/profile', label: 'Profile' },
];

const STATUS_TEXT = { live: 'Live', connecting: 'Connecting…', offline: 'Offline' };

export function Layout(props: { userName: string; onSignOut: () => void; children: ReactNode }) {
  const [location] = useLocation();
  const status = useStreamStatus();
  const active = (href: string) => (href === '/' ? location === '/' : location.startsWith(href));
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <span aria-hidden="true">◆</span> PerformancePulse
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={active(item.href) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className={`live live-${status}`} role="status" title="Live updates">
            <span className="dot" aria-hidden="true" />
            {STATUS_TEXT[status]}
          </span>
          <span className="who">{props.userName}</span>
          <button type="button" className="secondary" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">{props.children}</main>
    </>
  );
}
