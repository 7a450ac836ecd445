import { expect, test } from '@playwright/test';

/**
 * Runs last (file order): it locks sign-in from this address for the rest of
 * the window, as it should.
 */
test('five wrong passwords → the login page says it is rate limited, clearly', async ({ page }) => {
  await page.goto('/login');
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('login-username').fill('anna');
    await page.getByTestId('login-password').fill(`wrong password ${i}`);
    await page.getByTestId('login-submit').click();
    await expect(page.getByRole('alert')).toContainText(/password/i);
  }
  // The sixth attempt is refused even with the right password.
  await page.getByTestId('login-username').fill('anna');
  await page.getByTestId('login-password').fill('correct horse battery');
  await page.getByTestId('login-submit').click();
  await expect(page.getByRole('alert')).toContainText('Too many failed sign-in attempts');
  await expect(page.getByRole('alert')).toContainText(/Try again in \d+ minutes?/);
  await expect(page).toHaveURL(/\/login/);
});
