/**
 * What a person types to confirm erasing a customer: the identifier they know the customer by (user id,
 * else email, else the customer id of an anonymous visitor). The server checks it again, so a script
 * cannot skip the question.
 */
export function erasePhraseOf(customer: { id: string; userId: string | null; email: string | null }): string {
  return customer.userId ?? customer.email ?? customer.id;
}
