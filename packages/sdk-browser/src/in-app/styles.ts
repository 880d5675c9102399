/** Styles live inside the shadow root, so the shop's CSS cannot break messages and ours cannot leak out. */
export const IN_APP_STYLES = `
:host { all: initial; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; }
.banner { position: fixed; top: 0; left: 0; right: 0; z-index: 2147483000; display: flex; gap: 16px;
  align-items: center; padding: 12px 20px; background: #111827; color: #f9fafb;
  box-shadow: 0 4px 16px rgba(0,0,0,.2); }
.banner img { width: 48px; height: 48px; object-fit: cover; border-radius: 6px; }
.banner .text { flex: 1; min-width: 0; }
.overlay { position: fixed; inset: 0; z-index: 2147483000; background: rgba(17,24,39,.55);
  display: flex; align-items: center; justify-content: center; }
.modal { background: #fff; border-radius: 12px; max-width: 420px; width: calc(100% - 32px);
  box-shadow: 0 24px 48px rgba(0,0,0,.3); overflow: hidden; position: relative; }
.modal img { width: 100%; max-height: 220px; object-fit: cover; display: block; }
.modal .text { padding: 20px 20px 0; }
.modal .actions { padding: 16px 20px 20px; }
.title { font-weight: 700; font-size: 16px; margin: 0 0 4px; }
.body { font-size: 14px; line-height: 1.45; }
.body a { color: inherit; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
button.action { font: inherit; font-size: 14px; font-weight: 600; border: 0; border-radius: 8px;
  padding: 8px 14px; cursor: pointer; background: #4f46e5; color: #fff; }
button.action.secondary { background: #e5e7eb; color: #111827; }
button.close { font: inherit; background: transparent; border: 0; color: inherit; font-size: 20px;
  cursor: pointer; line-height: 1; padding: 4px 8px; opacity: .8; }
.modal button.close { position: absolute; top: 8px; right: 8px; color: #111827; background: rgba(255,255,255,.8);
  border-radius: 999px; }
.bell { position: fixed; right: 20px; bottom: 20px; z-index: 2147482999; width: 52px; height: 52px;
  display: flex; align-items: center; justify-content: center;
  border-radius: 999px; border: 0; background: #4f46e5; color: #fff; font-size: 22px; cursor: pointer;
  box-shadow: 0 8px 24px rgba(79,70,229,.4); }
.badge { position: absolute; top: -4px; right: -4px; background: #dc2626; color: #fff; border-radius: 999px;
  font-size: 11px; font-weight: 700; min-width: 18px; height: 18px; line-height: 18px; padding: 0 4px; }
.inbox { position: fixed; right: 20px; bottom: 84px; z-index: 2147482999; width: 340px; max-height: 60vh;
  overflow: auto; background: #fff; border-radius: 12px; box-shadow: 0 16px 40px rgba(0,0,0,.25); }
.inbox h2 { font-size: 15px; margin: 0; padding: 14px 16px; border-bottom: 1px solid #e5e7eb; }
.inbox .item { padding: 12px 16px; border-bottom: 1px solid #f3f4f6; }
.inbox .item.unread { background: #eef2ff; }
.inbox .empty { padding: 16px; color: #6b7280; font-size: 14px; }
`;
