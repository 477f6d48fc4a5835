'use strict';
// Runs a plan of calls with Alibaba Cloud's official SDKs against Latchkey and prints one JSON
// array of outcomes. Usage: node call.js <plan.json>; the endpoint comes from LATCHKEY_ENDPOINT
// (host:port) and LATCHKEY_PROTOCOL (http, the default, or https; trust a private CA with
// NODE_EXTRA_CA_CERTS). A plan step is
//   { "sdk": "pop" | "ram" | "ims" | "sts", "mode": "GET" | "POST" (pop) | "v3" | "v2" (product clients),
//     "action": "CreateUser", "params": { "UserName": "alice" },
//     "accessKeyId": "...", "accessKeySecret": "...", "securityToken": "..." (STS credentials) }
// or { "sdk": "credentials", "mode": "ram_role_arn", "params": { "RoleArn", "RoleSessionName",
// "DurationSeconds" }, ... }: @alicloud/credentials assumes the role over HTTPS (LATCHKEY_ENDPOINT)
// and is asked twice; the body holds both answers ({"first": {...}, "second": {...}}).
// An action the pinned product client does not model yet goes through that client's generic
// callApi, shaped as the generated method of a newer SDK version.
// Any string "$N.Path.To.Field" is replaced by that field of step N's success body, so a key
// created in one step can sign the next. Outcome: { "ok": true, "statusCode": 200, "body": {...} }
// or { "ok": false, "code": "...", "statusCode": 404, "message": "..." } (product clients add the
// "accessDeniedDetail" object openapi-core read from a NoPermission body).
const fs = require('fs');
const RPCClient = require('@alicloud/pop-core');
const OpenApi = require('@alicloud/openapi-core');
const Credential = require('@alicloud/credentials');
const products = {
  ram: { module: require('@alicloud/ram20150501'), version: '2015-05-01' },
  ims: { module: require('@alicloud/ims20190815'), version: '2019-08-15' },
  sts: { module: require('@alicloud/sts20150401'), version: '2015-04-01' },
};

const endpoint = process.env.LATCHKEY_ENDPOINT;
const protocol = process.env.LATCHKEY_PROTOCOL || 'http';
if (!endpoint) {
  console.error('LATCHKEY_ENDPOINT is not set');
  process.exit(2);
}

function resolve(value, outcomes) {
  if (typeof value === 'string' && /^\$\d+\./.test(value)) {
    const [index, ...path] = value.slice(1).split('.');
    let current = outcomes[Number(index)].body;
    for (const part of path) current = current[part];
    return current;
  }
  if (value && typeof value === 'object') {
    const copy = Array.isArray(value) ? [] : {};
    for (const [k, v] of Object.entries(value)) copy[k] = resolve(v, outcomes);
    return copy;
  }
  return value;
}

function lowerFirst(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

async function callPop(step) {
  const client = new RPCClient({
    endpoint: `${protocol}://${endpoint}`,
    apiVersion: step.version || '2015-05-01',
    accessKeyId: step.accessKeyId,
    accessKeySecret: step.accessKeySecret,
    securityToken: step.securityToken,
  });
  try {
    const body = await client.request(step.action, step.params || {}, { method: step.mode || 'GET', timeout: 10000 });
    return { ok: true, statusCode: 200, body };
  } catch (error) {
    const statusCode = error.entry && error.entry.response ? error.entry.response.statusCode : undefined;
    return { ok: false, code: error.code, statusCode, message: error.message, body: error.data };
  }
}

async function callProduct(step) {
  const product = products[step.sdk];
  const Client = product.module.default;
  const config = new OpenApi.$OpenApiUtil.Config({
    accessKeyId: step.accessKeyId,
    accessKeySecret: step.accessKeySecret,
    securityToken: step.securityToken,
    endpoint,
    protocol,
  });
  if (step.mode === 'v2') config.signatureAlgorithm = 'v2';
  const client = new Client(config);
  const method = lowerFirst(step.action);
  const RequestType = product.module[`${step.action}Request`];
  try {
    let response;
    if (RequestType) {
      const names = RequestType.names();
      const properties = {};
      for (const [wire, value] of Object.entries(step.params || {})) {
        const property = Object.keys(names).find((key) => names[key] === wire);
        if (!property) throw new Error(`${step.action}Request has no field ${wire}`);
        properties[property] = value;
      }
      response = await client[method](new RequestType(properties));
    } else if (typeof client[method] === 'function') {
      response = await client[method]();
    } else {
      // An action newer than the pinned SDK (the registry serves ims20190815 2.3.2; SetAccessKeyPolicy
      // and GetAccessKeyPolicy came in 4.4.0): call it as the generated method does, through the
      // same client's callApi with the RPC Params every generated IMS method uses.
      response = await client.callApi(
        new OpenApi.$OpenApiUtil.Params({
          action: step.action, version: product.version, protocol: 'HTTPS', pathname: '/', method: 'POST',
          authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
        }),
        new OpenApi.$OpenApiUtil.OpenApiRequest({ query: OpenApi.OpenApiUtil.query(step.params || {}) }),
        new (require('@darabonba/typescript').RuntimeOptions)({}));
      return { ok: true, statusCode: response.statusCode, body: response.body };
    }
    return { ok: true, statusCode: response.statusCode, body: response.body.toMap() };
  } catch (error) {
    return { ok: false, code: error.code, statusCode: error.statusCode, message: error.message, body: error.data, accessDeniedDetail: error.accessDeniedDetail };
  }
}

async function callCredentials(step) {
  const params = step.params || {};
  const credential = new Credential.default(new Credential.Config({
    type: step.mode,
    accessKeyId: step.accessKeyId,
    accessKeySecret: step.accessKeySecret,
    roleArn: params.RoleArn,
    roleSessionName: params.RoleSessionName,
    roleSessionExpiration: params.DurationSeconds ? Number(params.DurationSeconds) : undefined,
    policy: params.Policy,
    stsEndpoint: endpoint,
  }));
  const read = async () => {
    const c = await credential.getCredential();
    return { AccessKeyId: c.accessKeyId, AccessKeySecret: c.accessKeySecret, SecurityToken: c.securityToken, ProviderName: c.providerName };
  };
  try {
    const first = await read();
    const second = await read();
    return { ok: true, statusCode: 200, body: { first, second } };
  } catch (error) {
    return { ok: false, code: error.code, message: error.message };
  }
}

async function main() {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const outcomes = [];
  for (const raw of plan) {
    const step = resolve(raw, outcomes);
    outcomes.push(step.sdk === 'pop' ? await callPop(step)
      : step.sdk === 'credentials' ? await callCredentials(step)
        : await callProduct(step));
  }
  process.stdout.write(JSON.stringify(outcomes));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
