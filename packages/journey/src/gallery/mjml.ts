/**
 * The email layout the gallery's templates share: a greeting, the message's own blocks, and the footer
 * with the preference and unsubscribe links every marketing email must carry.
 */
export function galleryEmail(blocks: string): string {
  return `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text font-size="20px">Hello{% if customer.first_name %} {{ customer.first_name }}{% endif %},</mj-text>
${blocks}
        <mj-text font-size="12px"><a href="{{ preferences_url }}">Email preferences</a> · <a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

/** A product line that renders with or without a product in the context. */
export const PRODUCT_NAME = '{% if product %}{{ product.name }}{% else %}your pick{% endif %}';
export const PRODUCT_URL = '{% if product.url %}{{ product.url }}{% else %}https://shop.example/{% endif %}';
