import { describe, expect, it } from 'vitest';
import { renderLiquid } from './liquid';

const render = (source: string, variables: Record<string, unknown> = {}, mode: 'send' | 'preview' = 'send') =>
  renderLiquid('body', source, variables, mode);

describe('arithmetic filters are decimal-exact', () => {
  // Each of these prints float noise with JavaScript numbers (e.g. 50 - 49.99 = 0.00999999999999801).
  it.each([
    ['{{ 50 | minus: cart_total }}', '0.01'],
    ['{{ cart_total | plus: 0.02 }}', '50.01'],
    ['{{ cart_total | times: 1.1 }}', '54.989'],
    ['{{ cart_total | minus: 49.69 | divided_by: 0.1 }}', '3'],
    ['{{ cart_total | modulo: 0.1 }}', '0.09'],
    ['{{ cart_total | times: 1.15 | round: 3 }}', '57.489'],
    ['{{ cart_total | minus: 49.69 | times: 10 | ceil }}', '3'],
    ['{{ cart_total | minus: 49.09 | times: 10 | floor }}', '9'],
    ['{{ cart_total | minus: 50 | abs }}', '0.01'],
    ['{{ 50 | minus: cart_total | at_least: 0.001 }}', '0.01'],
    ['{{ 50 | minus: cart_total | at_most: 1 }}', '0.01'],
  ])('%s for a cart of 49.99 is %s', async (source, expected) => {
    expect(await render(source, { cart_total: 49.99 })).toBe(expected);
  });

  it('keeps LiquidJS semantics: integer division on request, modulo never negative, string numbers', async () => {
    expect(await render('{{ 7 | divided_by: 2, true }}')).toBe('3');
    expect(await render('{{ -1 | modulo: 3 }}')).toBe('2');
    expect(await render('{{ "49.90" | minus: "0.1" }}')).toBe('49.8');
    expect(await render('{{ 0.1 | plus: 0.2 }}')).toBe('0.3');
    expect(await render('{{ 1234.5 | round: -2 }}')).toBe('1200');
    expect(await render('{{ missing | plus: 1 }}')).toBe('1');
  });
});

// Intl separates amount and symbol with a no-break space (narrow in French); compare with plain ones.
const spaced = (text: string) => text.replace(/\s/g, ' ');

describe('money', () => {
  it("formats by the customer's locale and currency", async () => {
    const customer = { locale: 'de-DE', currency: 'EUR' };
    expect(
      spaced(await render('{{ 50 | minus: cart_total | money }}', { cart_total: 49.99, customer })),
    ).toBe('0,01 €');
    expect(await render('{{ 1234.5 | money }}', { customer: { locale: 'en-US', currency: 'usd' } })).toBe(
      '$1,234.50',
    );
  });

  it('takes a currency and a locale as arguments', async () => {
    expect(spaced(await render('{{ price | money: "EUR", "fr-FR" }}', { price: 55 }))).toBe('55,00 €');
    expect(await render('{{ price | money: "GBP" }}', { price: 9.5, customer: { locale: 'en-GB' } })).toBe(
      '£9.50',
    );
  });

  it('without a currency shows the amount alone, and a missing amount renders nothing', async () => {
    expect(await render('{{ price | money }}', { price: 55, customer: { locale: 'en' } })).toBe('55.00');
    expect(await render('[{{ price | money }}]', { customer: {} })).toBe('[]');
  });

  it('works in strict preview for a customer without locale or currency', async () => {
    expect(await render('{{ price | money }}', { price: 3, customer: {} }, 'preview')).toBe('3.00');
  });
});

describe('money without a named currency', () => {
  it("uses the event's currency, else the product's", async () => {
    const customer = { locale: 'en-US' };
    expect(await render('{{ total | money }}', { total: 12, currency: 'USD', customer })).toBe('$12.00');
    expect(
      await render('{{ product.price | money }}', { product: { price: 89.9, currency: 'USD' }, customer }),
    ).toBe('$89.90');
  });
});
