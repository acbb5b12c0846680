import { useTranslation } from 'react-i18next';
import type { BotSummary } from '../../../electron/common/domain';
import { formatTimeout } from '../format/time';
import { describeParamType } from '../params/paramFields';
import { runBotHref } from '../router/routes';
import { useMayRunBot } from '../stores/session';

/** A bot on the Bots screen: what it does, how it runs, what it asks for, and its Run button. */
export function BotCard({ bot }: { bot: BotSummary }) {
  const { t } = useTranslation();
  const required = new Set(bot.paramsSchema.required ?? []);
  const params = Object.entries(bot.paramsSchema.properties);
  const mayRun = useMayRunBot(bot.id);
  return (
    <article className="panel bot-card" data-testid={`bot-${bot.id}`}>
      <header className="bot-card-header">
        <div>
          <h2 className="bot-title">{bot.title}</h2>
          <code className="bot-id">{bot.id}</code>
        </div>
        {mayRun && (
          <a className="button primary" href={runBotHref(bot.id)} data-testid={`run-${bot.id}`}>
            {t('bots.run')}
          </a>
        )}
      </header>
      {bot.description && <p className="bot-description">{bot.description}</p>}
      <dl className="bot-facts">
        <div>
          <dt>{t('bots.browser')}</dt>
          <dd>
            <span className={bot.visibleBrowser ? 'tag tag-visible' : 'tag'}>{bot.visibleBrowser ? t('bots.visible') : t('bots.headless')}</span>
          </dd>
        </div>
        <div>
          <dt>{t('bots.timeout')}</dt>
          <dd>{formatTimeout(bot.timeoutMs)}</dd>
        </div>
      </dl>
      {params.length === 0 ? (
        <p className="muted small">{t('bots.noParameters')}</p>
      ) : (
        <table className="param-table">
          <thead>
            <tr>
              <th>{t('bots.parameter')}</th>
              <th>{t('bots.type')}</th>
              <th>{t('bots.required')}</th>
              <th>{t('bots.description')}</th>
            </tr>
          </thead>
          <tbody>
            {params.map(([name, property]) => (
              <tr key={name}>
                <td>
                  <code>{name}</code>
                </td>
                <td>{describeParamType(t, property)}</td>
                <td>{required.has(name) ? t('common.yes') : t('common.no')}</td>
                <td className="muted">{property.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
