export { MessagingModule, type MessagingModuleOptions } from './messaging.module';
export { MessagePublisher } from './message-publisher.service';
export { MessageHandlerExplorer, type RegisteredHandler } from './message-handler.explorer';
export { OnMessage, type OnMessageOptions } from './on-message.decorator';
export { MESSAGE_BUS } from './messaging.tokens';
