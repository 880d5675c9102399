import Link from 'next/link';
import type { ReactNode } from 'react';
import { CartLink } from './_components/cart-link';
import { demoWorkspace } from './_components/demo-workspace';
import { NotificationsButton } from './_components/notifications-button';
import { PageTracker } from './_components/page-tracker';
import { sdkSnippet } from './_components/snippet';
import './shop.css';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Northwind Outfitters — Nudgeflow demo shop' };

export default async function ShopLayout({ children }: { children: ReactNode }) {
  const workspace = await demoWorkspace();
  if (!workspace) {
    return (
      <main className="shop-main">
        <p>
          The demo workspace is missing. Start the stack with <code>npm start</code>, which seeds it.
        </p>
      </main>
    );
  }
  return (
    <div className="shop">
      <script dangerouslySetInnerHTML={{ __html: sdkSnippet(workspace.writeKey) }} />
      <script async src="/sdk/nudgeflow.js" />
      <PageTracker />
      <header className="shop-header">
        <Link href="/shop" className="shop-logo">
          Northwind Outfitters
        </Link>
        <nav className="shop-nav">
          <NotificationsButton />
          <CartLink />
        </nav>
      </header>
      <main className="shop-main">{children}</main>
      <footer className="shop-footer">A demo storefront instrumented with the Nudgeflow browser SDK.</footer>
    </div>
  );
}
