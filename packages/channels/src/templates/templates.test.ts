import { describe, expect, it } from 'vitest';
import { parseTemplateContent } from '../descriptors';
import { checkLiquidSyntax, renderLiquid, TemplateRenderError } from './liquid';
import { resolveLocale } from './locale';
import { buildTemplateVariables } from './variables';

describe('Liquid rendering', () => {
  it('is strict in preview: an unknown variable is an error naming the field and line', async () => {
    const source = 'Hello {{ customer.first_name }}\nYour code: {{ promo_cod }}';
    const error = await renderLiquid(
      'variants.en.body',
      source,
      { customer: { first_name: 'Ana' } },
      'preview',
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error).toMatchObject({
      field: 'variants.en.body',
      line: 2,
      message: expect.stringContaining('promo_cod'),
    });
  });

  it('is lenient at send: a missing variable renders empty', async () => {
    expect(await renderLiquid('f', 'Hi {{ customer.first_name }}!', { customer: {} }, 'send')).toBe('Hi !');
  });

  it('escapes HTML only where asked', async () => {
    const variables = { name: '<b>Ann</b>' };
    expect(await renderLiquid('f', '{{ name }}', variables, 'send', 'html')).toBe('&lt;b&gt;Ann&lt;/b&gt;');
    expect(await renderLiquid('f', '{{ name }}', variables, 'send')).toBe('<b>Ann</b>');
  });

  it('stops runaway templates with the render limits', async () => {
    const source = '{% for i in (1..100000000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}';
    await expect(renderLiquid('f', source, {}, 'send')).rejects.toBeInstanceOf(TemplateRenderError);
  });

  it('reports syntax errors with their line at save time', () => {
    expect(checkLiquidSyntax('variants.en.title', 'ok\n{% if %}')).toMatchObject({ line: 2 });
    expect(checkLiquidSyntax('variants.en.title', '{{ a | money }}')).toBeNull();
  });

  it('formats money and appends UTM parameters to deep links', async () => {
    const rendered = await renderLiquid(
      'f',
      '{{ 12.5 | money: "EUR" }} {{ "https://shop.test/p?a=1#top" | utm: "spring" }}',
      {},
      'preview',
    );
    expect(rendered).toBe('€12.50 https://shop.test/p?a=1&utm_source=nudgeflow&utm_campaign=spring#top');
  });
});

describe('locale fallback', () => {
  it('goes fr-CA → fr → template default → workspace default → any', () => {
    expect(resolveLocale(['en', 'fr', 'fr-CA'], 'fr-CA', null, 'en')).toBe('fr-CA');
    expect(resolveLocale(['en', 'fr'], 'fr-CA', null, 'en')).toBe('fr');
    expect(resolveLocale(['en', 'de'], 'fr_CA', 'de', 'en')).toBe('de');
    expect(resolveLocale(['en', 'de'], 'fr', null, 'en-GB')).toBe('en');
    expect(resolveLocale(['it'], 'fr', null, 'en')).toBe('it');
  });
});

describe('template content', () => {
  it('allows at most two push actions, with the field in the error', () => {
    const action = { action: 'a', title: 'A' };
    const result = parseTemplateContent('push', {
      variants: { en: { title: 'T', actions: [action, action, action] } },
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'variants.en.actions', message: 'browsers show at most two action buttons' }],
    });
  });

  it('requires at least one language variant', () => {
    expect(parseTemplateContent('sms', { variants: {} })).toMatchObject({
      ok: false,
      errors: [{ field: 'variants' }],
    });
  });
});

describe('template variables', () => {
  it('builds the product block from the entry event and lets the catalog win on price and stock', () => {
    const variables = buildTemplateVariables({
      customer: {
        id: 'c1',
        userId: 'u1',
        email: 'a@b.c',
        phone: null,
        locale: null,
        timezone: null,
        traits: { firstName: 'Ana' },
      },
      context: {
        event: {
          properties: { product_id: 'p1', name: 'Old name', price: '99', image_url: 'https://i/1.jpg' },
        },
      },
      catalog: [
        {
          id: 'p1',
          name: 'Runner',
          price: 79.5,
          currency: 'EUR',
          imageUrl: null,
          url: 'https://s/p1',
          stock: 2,
          category: null,
        },
      ],
    });
    expect(variables.customer).toMatchObject({ first_name: 'Ana', email: 'a@b.c' });
    expect(variables.product).toMatchObject({
      id: 'p1',
      name: 'Runner',
      price: 79.5,
      currency: 'EUR',
      image_url: 'https://i/1.jpg',
      url: 'https://s/p1',
      stock: 2,
    });
  });
});
