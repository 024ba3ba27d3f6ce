// LINE's official Node SDK against Madoguchi's local LINE server, unchanged but for its base address: prints what it
// got as one JSON line for the test that runs it (tests/Madoguchi.BrowserTests/LineSdkTests.cs).
import { messagingApi, HTTPFetchError } from '@line/bot-sdk';
import { randomUUID } from 'node:crypto';

const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN, baseURL: process.env.LINE_BASE });
const to = ['U00000000000000000000000000000001', 'U00000000000000000000000000000002'];
const messages = [{ type: 'text', text: '五所川原市からのお知らせ: 防災訓練は12月13日です' }];
const out = {};
const key = randomUUID();

const first = await client.multicastWithHttpInfo({ to, messages }, key);
out.multicast = { status: first.httpResponse.status, requestId: first.httpResponse.headers.get('x-line-request-id') };
try {
  await client.multicast({ to, messages }, key);
  out.repeat = { status: 200 };
} catch (e) {
  out.repeat = e instanceof HTTPFetchError ? { status: e.status, accepted: e.headers.get('x-line-accepted-request-id') } : { error: String(e) };
}
const pushed = await client.pushMessage({ to: to[0], messages }, randomUUID());
out.push = { sentMessages: pushed.sentMessages.length, id: pushed.sentMessages[0].id };
out.quota = await client.getMessageQuota();
out.consumption = await client.getMessageQuotaConsumption();
try {
  await client.multicast({ to: [], messages });
  out.invalid = { status: 200 };
} catch (e) {
  out.invalid = e instanceof HTTPFetchError ? { status: e.status, body: JSON.parse(e.body) } : { error: String(e) };
}
const narrowcast = await client.narrowcastWithHttpInfo({ messages }, randomUUID());
const narrowcastId = narrowcast.httpResponse.headers.get('x-line-request-id');
out.narrowcast = { status: narrowcast.httpResponse.status, requestId: narrowcastId };
let progress = await client.getNarrowcastProgress(narrowcastId);
for (let i = 0; i < 40 && progress.phase !== 'succeeded'; i++) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  progress = await client.getNarrowcastProgress(narrowcastId);
}
out.progress = progress;
try {
  await client.narrowcast({ messages, filter: { demographic: { type: 'age', gte: 'age_70' } } });
  out.filtered = { status: 202 };
} catch (e) {
  out.filtered = e instanceof HTTPFetchError ? { status: e.status, body: JSON.parse(e.body) } : { error: String(e) };
}
console.log(JSON.stringify(out));
