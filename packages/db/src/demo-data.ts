/**
 * Fixed catalogue and people for the demo shop. Kept apart from seed.ts so the story (what is sold, who shops)
 * reads on its own; seed.ts turns it into rows.
 */

export interface DemoProduct {
  id: string;
  name: string;
  price: string;
  category: 'shoes' | 'bags' | 'apparel' | 'accessories';
  stock: number;
}

/** Two are out of stock so "Back in stock" journeys have something to wait for. */
export const demoProducts: readonly DemoProduct[] = [
  { id: 'trail-runner', name: 'Trail Runner Sneakers', price: '119.00', category: 'shoes', stock: 34 },
  { id: 'city-loafer', name: 'City Leather Loafers', price: '149.00', category: 'shoes', stock: 12 },
  { id: 'canvas-low', name: 'Canvas Low-Tops', price: '59.00', category: 'shoes', stock: 0 },
  { id: 'weekender', name: 'Weekender Duffel Bag', price: '189.00', category: 'bags', stock: 8 },
  { id: 'commuter-pack', name: 'Commuter Backpack', price: '129.00', category: 'bags', stock: 21 },
  { id: 'market-tote', name: 'Market Tote', price: '39.00', category: 'bags', stock: 0 },
  { id: 'merino-crew', name: 'Merino Crew Sweater', price: '98.00', category: 'apparel', stock: 40 },
  { id: 'rain-shell', name: 'Packable Rain Shell', price: '135.00', category: 'apparel', stock: 15 },
  { id: 'linen-shirt', name: 'Linen Button-Down', price: '72.00', category: 'apparel', stock: 27 },
  { id: 'wool-beanie', name: 'Wool Beanie', price: '29.00', category: 'accessories', stock: 60 },
  { id: 'leather-belt', name: 'Full-Grain Leather Belt', price: '55.00', category: 'accessories', stock: 18 },
  { id: 'steel-bottle', name: 'Insulated Steel Bottle', price: '34.00', category: 'accessories', stock: 75 },
];

export const demoFirstNames = [
  'Ava',
  'Liam',
  'Mia',
  'Noah',
  'Emma',
  'Lucas',
  'Sofia',
  'Mateo',
  'Olivia',
  'Leon',
  'Chloé',
  'Hugo',
  'Yuki',
  'Aarav',
  'Priya',
  'Kenji',
  'Lena',
  'Jonas',
  'Isabella',
  'Diego',
  'Amara',
  'Kwame',
  'Freya',
  'Oskar',
  'Zara',
] as const;

export const demoLastNames = [
  'Martin',
  'Schmidt',
  'Rossi',
  'Garcia',
  'Dubois',
  'Tanaka',
  'Patel',
  'Nguyen',
  'Kowalski',
  'Johansson',
  'Okafor',
  'Silva',
  'Müller',
  'Bernard',
  'Sato',
  'Lopez',
  'Andersen',
  'Costa',
  'Novak',
  'Ahmed',
] as const;

/** Where demo shoppers live: country, region, IANA time zone, locale. */
export const demoPlaces = [
  { country: 'US', region: 'CA', timezone: 'America/Los_Angeles', locale: 'en-US' },
  { country: 'US', region: 'NY', timezone: 'America/New_York', locale: 'en-US' },
  { country: 'GB', region: 'ENG', timezone: 'Europe/London', locale: 'en-GB' },
  { country: 'DE', region: 'BE', timezone: 'Europe/Berlin', locale: 'de-DE' },
  { country: 'FR', region: 'IDF', timezone: 'Europe/Paris', locale: 'fr-FR' },
  { country: 'ES', region: 'MD', timezone: 'Europe/Madrid', locale: 'es-ES' },
  { country: 'JP', region: '13', timezone: 'Asia/Tokyo', locale: 'ja-JP' },
  { country: 'IN', region: 'MH', timezone: 'Asia/Kolkata', locale: 'en-IN' },
  { country: 'BR', region: 'SP', timezone: 'America/Sao_Paulo', locale: 'pt-BR' },
  { country: 'AU', region: 'NSW', timezone: 'Australia/Sydney', locale: 'en-AU' },
] as const;

export const demoSources = ['google', 'instagram', 'newsletter', 'direct', 'tiktok'] as const;

export const demoDevices = [
  {
    deviceType: 'mobile',
    platform: 'ios',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)',
  },
  { deviceType: 'mobile', platform: 'android', userAgent: 'Mozilla/5.0 (Linux; Android 15; Pixel 9)' },
  { deviceType: 'desktop', platform: 'web', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6)' },
  { deviceType: 'desktop', platform: 'web', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' },
] as const;

export const demoTopics = [
  // Channel consent (emailOptIn …) still gates marketing; the topic lets people leave just this stream.
  { key: 'marketing', name: 'News and offers', defaultSubscribed: true },
  // Only for people who asked to be told about a product.
  { key: 'back-in-stock', name: 'Back-in-stock alerts', defaultSubscribed: false },
  { key: 'transactional', name: 'Orders and account', defaultSubscribed: true },
] as const;

/** A small deterministic PRNG (mulberry32): the demo looks the same on every machine. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
