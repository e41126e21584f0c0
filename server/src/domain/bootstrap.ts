import type { Config } from '../config';
import { generatePassword } from './passwords';
import type { Services } from './services';

export interface BootstrapResult {
  siteId: string;
  /** Set when this start created the first admin. */
  admin?: { email: string; password: string; generated: boolean };
}

/** First start: a default site and the first admin, so a new install is usable at once. */
export async function bootstrap(services: Services, config: Pick<Config, 'adminEmail' | 'adminPassword'>): Promise<BootstrapResult> {
  const { site } = await services.sites.ensureDefault();
  const result: BootstrapResult = { siteId: site.siteId };
  if ((await services.agents.count()) === 0) {
    const email = config.adminEmail ?? 'admin@example.com';
    const generated = !config.adminPassword;
    const password = config.adminPassword ?? generatePassword();
    await services.agents.create({ email, name: 'Admin', password, role: 'admin' });
    result.admin = { email, password, generated };
  }
  return result;
}
