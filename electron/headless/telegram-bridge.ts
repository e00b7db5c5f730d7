/**
 * The headless root's Telegram bridge: the shared starter in adapters/chat/telegram, under the name
 * the headless root and its tests use.
 */
export {
  startTelegramBridge as startTelegramFromEnv,
  TELEGRAM_TOKEN_SECRET,
  type RunningTelegram,
  type TelegramWiring,
} from '../adapters/chat/telegram/start-telegram-bridge';
