import type { InAppMessageView } from '../types';
import type { InAppClient } from './client';
import { IN_APP_STYLES } from './styles';

/**
 * Draws in-app messages inside one shadow root: banners and modals appear as they arrive, inbox messages
 * collect behind a bell. The server sanitised the HTML (packages/channels); `stripActiveContent` is a
 * second line of defence in case a message reaches the page some other way.
 */
const BELL_ICON =
  '<svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0"/></svg>';
const BLOCKED_TAGS = 'script,iframe,object,embed,link,meta,style,base,form';

export function stripActiveContent(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  template.content.querySelectorAll(BLOCKED_TAGS).forEach((element) => element.remove());
  template.content.querySelectorAll('*').forEach((element) => {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      if (name.startsWith('on') || ((name === 'href' || name === 'src') && value.startsWith('javascript:'))) {
        element.removeAttribute(attribute.name);
      }
    }
    if (element.tagName === 'A') {
      element.setAttribute('target', '_top');
      element.setAttribute('rel', 'noopener');
    }
  });
  return template.content;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class InAppRenderer {
  private readonly root: ShadowRoot;
  private readonly inbox: InAppMessageView[] = [];
  private inboxOpen = false;
  private bell: HTMLButtonElement | null = null;
  private panel: HTMLElement | null = null;

  constructor(private readonly client: InAppClient) {
    const host = element('div');
    host.id = 'nudgeflow-in-app';
    document.body.appendChild(host);
    this.root = host.attachShadow({ mode: 'open' });
    const style = element('style');
    style.textContent = IN_APP_STYLES;
    this.root.appendChild(style);
  }

  show(message: InAppMessageView): void {
    if (message.layout === 'inbox') {
      this.inbox.unshift(message);
      this.renderInbox();
      return;
    }
    if (message.readAt) return;
    const view = message.layout === 'modal' ? this.modal(message) : this.banner(message);
    this.root.appendChild(view);
    void this.client.markRead(message.id);
  }

  private content(message: InAppMessageView, container: HTMLElement): HTMLElement {
    const text = element('div', 'text');
    if (message.content.title) text.appendChild(element('p', 'title', message.content.title));
    const body = element('div', 'body');
    if (message.content.html) body.appendChild(stripActiveContent(message.content.html));
    else if (message.content.body) body.textContent = message.content.body;
    text.appendChild(body);
    body.addEventListener('click', (event) => {
      const link = (event.target as Element | null)?.closest?.('a');
      if (link) void this.client.markClicked(message.id, null, link.href);
    });
    container.appendChild(text);
    return text;
  }

  private actions(message: InAppMessageView, onDone: () => void): HTMLElement {
    const row = element('div', 'actions');
    (message.content.actions ?? []).forEach((action, index) => {
      const button = element('button', index === 0 ? 'action' : 'action secondary', action.label);
      button.type = 'button';
      button.dataset.action = action.id ?? `action-${index + 1}`;
      button.addEventListener('click', () => {
        const report = this.client.markClicked(message.id, button.dataset.action ?? null, action.url ?? null);
        onDone();
        // Navigate only after the report left: postReport uses keepalive, so waiting for the send is enough.
        if (action.url) void report.finally(() => location.assign(action.url!));
      });
      row.appendChild(button);
    });
    return row;
  }

  private closeButton(message: InAppMessageView, onDone: () => void): HTMLButtonElement {
    const close = element('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', () => {
      void this.client.dismiss(message.id);
      onDone();
    });
    return close;
  }

  private banner(message: InAppMessageView): HTMLElement {
    const banner = element('div', 'banner');
    banner.setAttribute('role', 'status');
    banner.dataset.messageId = message.id;
    const remove = () => banner.remove();
    if (message.content.image)
      banner.appendChild(Object.assign(element('img'), { src: message.content.image, alt: '' }));
    this.content(message, banner);
    banner.appendChild(this.actions(message, remove));
    banner.appendChild(this.closeButton(message, remove));
    return banner;
  }

  private modal(message: InAppMessageView): HTMLElement {
    const overlay = element('div', 'overlay');
    const dialog = element('div', 'modal');
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.dataset.messageId = message.id;
    const remove = () => overlay.remove();
    if (message.content.image)
      dialog.appendChild(Object.assign(element('img'), { src: message.content.image, alt: '' }));
    this.content(message, dialog);
    if (message.content.title) dialog.setAttribute('aria-label', message.content.title);
    dialog.appendChild(this.actions(message, remove));
    dialog.appendChild(this.closeButton(message, remove));
    overlay.appendChild(dialog);
    overlay.addEventListener('click', (event) => {
      if (event.target === overlay) {
        void this.client.dismiss(message.id);
        remove();
      }
    });
    return overlay;
  }

  private renderBadge(): void {
    if (!this.bell) return;
    const unread = this.inbox.filter((message) => !message.readAt).length;
    this.bell.querySelector('.badge')?.remove();
    if (unread > 0) this.bell.appendChild(element('span', 'badge', String(unread)));
  }

  private renderInbox(): void {
    if (!this.bell) {
      this.bell = element('button', 'bell');
      // An inline icon: emoji fonts are missing on many systems (and in headless browsers).
      this.bell.innerHTML = BELL_ICON;
      this.bell.type = 'button';
      this.bell.setAttribute('aria-label', 'Messages');
      this.bell.addEventListener('click', () => {
        this.inboxOpen = !this.inboxOpen;
        // The panel shows what was unread (highlighted); opening it reads them, so the badge goes.
        this.renderInbox();
        if (this.inboxOpen) {
          for (const message of this.inbox) {
            if (!message.readAt) {
              message.readAt = new Date().toISOString();
              void this.client.markRead(message.id);
            }
          }
          this.renderBadge();
        }
      });
      this.root.appendChild(this.bell);
    }
    this.renderBadge();

    this.panel?.remove();
    this.panel = null;
    if (!this.inboxOpen) return;
    const panel = element('div', 'inbox');
    panel.appendChild(element('h2', undefined, 'Messages'));
    if (this.inbox.length === 0) panel.appendChild(element('div', 'empty', 'No messages yet.'));
    for (const message of this.inbox) {
      const item = element('div', message.readAt ? 'item' : 'item unread');
      item.dataset.messageId = message.id;
      this.content(message, item);
      item.appendChild(this.actions(message, () => undefined));
      panel.appendChild(item);
    }
    this.panel = panel;
    this.root.appendChild(panel);
  }
}
