import type { User } from 'oidc-client-ts';
import { Suspense, lazy, useEffect, useState } from 'react';
import { Link, Route, Switch } from 'wouter';
import { Layout } from './components/Layout';
import { Loading, ScreenTitle } from './components/ui';
import type { Auth } from './lib/auth';
import { liveStream } from './lib/stream';
import Timeline from './screens/Timeline';

// The timeline is the first screen; the others load when first opened.
const NoteEditor = lazy(() => import('./screens/NoteEditor'));
const EvidenceDetail = lazy(() => import('./screens/EvidenceDetail'));
const Search = lazy(() => import('./screens/Search'));
const Insights = lazy(() => import('./screens/Insights'));
const Sources = lazy(() => import('./screens/Sources'));
const Profile = lazy(() => import('./screens/Profile'));
const Review = lazy(() => import('./screens/Review'));
const Period = lazy(() => import('./screens/Period'));
const Packet = lazy(() => import('./screens/Packet'));
const SharedWithMe = lazy(() => import('./screens/SharedWithMe'));

function SignIn({ onSignIn }: { onSignIn: () => void }) {
  return (
    <main id="main" className="landing">
      <ScreenTitle>PerformancePulse</ScreenTitle>
      <p className="lead">
        The evidence of your work, in one place: merged merge requests, reviews, issues, documents and your own notes,
        summarised, searchable by meaning, with insights that cite what they are based on.
      </p>
      <button type="button" onClick={onSignIn}>
        Sign in
      </button>
    </main>
  );
}

function NotFound() {
  return (
    <section>
      <ScreenTitle>Page not found</ScreenTitle>
      <p>
        <Link href="/">Go to your timeline</Link>
      </p>
    </section>
  );
}

export function App({ auth, initialUser }: { auth: Auth; initialUser: User | null }) {
  const [user, setUser] = useState<User | null>(initialUser);
  useEffect(() => auth.onChange(setUser), [auth]);
  useEffect(() => {
    if (!user) return;
    liveStream.start();
    return () => liveStream.stop();
  }, [user]);

  if (!user) return <SignIn onSignIn={() => void auth.signIn(window.location.pathname + window.location.search)} />;
  const profile = user.profile;
  const name = (profile.name ?? profile.preferred_username ?? profile.email ?? '') as string;
  return (
    <Layout
      userName={name}
      onSignOut={() => {
        liveStream.stop();
        void auth.signOut();
      }}
    >
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/" component={Timeline} />
          <Route path="/notes/new">{() => <NoteEditor />}</Route>
          <Route path="/evidence/:id/edit">{(params) => <NoteEditor id={params.id} />}</Route>
          <Route path="/evidence/:id">{(params) => <EvidenceDetail key={params.id} id={params.id} />}</Route>
          <Route path="/search" component={Search} />
          <Route path="/insights" component={Insights} />
          <Route path="/review" component={Review} />
          <Route path="/review/:id">{(params) => <Period key={params.id} id={params.id} />}</Route>
          <Route path="/review/:id/packet">{(params) => <Packet key={params.id} periodId={params.id} />}</Route>
          <Route path="/shared">{() => <SharedWithMe />}</Route>
          <Route path="/shared/:ownerId">{(params) => <SharedWithMe key={params.ownerId} ownerId={params.ownerId} />}</Route>
          <Route path="/sources" component={Sources} />
          <Route path="/profile" component={Profile} />
          <Route component={NotFound} />
        </Switch>
      </Suspense>
    </Layout>
  );
}
