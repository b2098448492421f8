// scripts/lib/npm-clean-env.sh: the set-up scripts' inner `npm install` must not see what an outer
// `npm run` exported (issue 9: npm_config_user_agent "node/v20" made code-server's postinstall
// refuse Node 24), while the settings that say how to reach the registry pass through.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const LIB = path.join(__dirname, '..', '..', 'scripts', 'lib', 'npm-clean-env.sh');

// set by bash itself
const BASH_OWN = new Set(['PWD', 'OLDPWD', 'SHLVL', '_']);

/** Runs `script` in bash with the helper sourced and exactly `env`; returns the env it printed. */
function cleanEnvOf(env: Record<string, string>, script = 'npm_clean_env env'): Map<string, string> {
  const out = execFileSync('/bin/bash', ['-c', `source "$LIB"; ${script}`], { env: { ...env, LIB }, encoding: 'utf8' });
  const vars = out
    .split('\n')
    .filter(Boolean)
    .map((l): [string, string] => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
  return new Map(vars.filter(([k]) => !BASH_OWN.has(k)));
}

// what `npm run` hands its script (names and kinds as npm 11 exports them)
const FROM_NPM_RUN = {
  PATH: [
    '/work/p/node_modules/.bin',
    '/work/node_modules/.bin',
    '/node_modules/.bin',
    '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin',
    '/usr/local/bin',
    '/usr/bin',
    '/bin',
  ].join(':'),
  HOME: '/home/u',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_nodedir: '/usr',
  NPM_CONFIG_NODE_GYP: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_prefix: '/usr',
  npm_lifecycle_event: 'setup:vscode-harness',
  npm_lifecycle_script: 'bash scripts/vscode-harness/install.sh',
  npm_package_name: 'seq2seq-studio',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/bin/node',
  npm_command: 'run-script',
  NODE: '/usr/bin/node',
  INIT_CWD: '/work/p',
  COLOR: '0',
  // how to reach the registry: kept
  NPM_CONFIG_REGISTRY: 'https://registry.example.invalid/',
  npm_config_https_proxy: 'http://proxy.example.invalid:3128',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_config_globalconfig: '/usr/etc/npmrc',
  HTTPS_PROXY: 'http://proxy.example.invalid:3128',
};

describe('npm_clean_env', () => {
  it('drops what an outer npm run exported and keeps the registry settings', () => {
    const env = cleanEnvOf(FROM_NPM_RUN);
    for (const gone of [
      'npm_config_user_agent',
      'npm_config_nodedir',
      'NPM_CONFIG_NODE_GYP',
      'npm_config_prefix',
      'npm_lifecycle_event',
      'npm_lifecycle_script',
      'npm_package_name',
      'npm_execpath',
      'npm_node_execpath',
      'npm_command',
      'NODE',
      'INIT_CWD',
      'COLOR',
    ]) {
      assert.equal(env.has(gone), false, `${gone} reached the inner command`);
    }
    for (const kept of [
      'NPM_CONFIG_REGISTRY',
      'npm_config_https_proxy',
      'npm_config_cafile',
      'npm_config_globalconfig',
      'HTTPS_PROXY',
      'HOME',
    ]) {
      assert.equal(env.get(kept), FROM_NPM_RUN[kept as keyof typeof FROM_NPM_RUN], kept);
    }
    assert.equal(env.get('PATH'), '/usr/local/bin:/usr/bin:/bin');
  });

  it('takes env-style assignments, e.g. another Node first on the clean PATH', () => {
    const env = cleanEnvOf(FROM_NPM_RUN, 'npm_clean_env PATH="/cache/node24/bin:$(npm_clean_path)" X=1 env');
    assert.equal(env.get('PATH'), '/cache/node24/bin:/usr/local/bin:/usr/bin:/bin');
    assert.equal(env.get('X'), '1');
  });

  it('leaves a shell environment as it is', () => {
    const shell = {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/home/u',
      npm_config_globalconfig: '/usr/etc/npmrc',
      LANG: 'C.UTF-8',
    };
    assert.deepEqual(Object.fromEntries(cleanEnvOf(shell)), { ...shell, LIB });
  });
});
