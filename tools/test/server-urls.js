// The servers the integration tests talk to; override with the TEST_* variables.
'use strict';
function serverUrls() {
  return {
    postgres: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    rabbitmq: process.env.TEST_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
    redis: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
  };
}
module.exports = { serverUrls };
