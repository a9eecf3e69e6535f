// Native addons (better-sqlite3) are compiled from source here: no prebuilt binary and no
// Node header download can be fetched. Point node-gyp at the headers that ship with the running
// Node (<prefix>/include/node, present in Debian's and the official Node packages) unless the
// caller already chose a nodedir.
const fs = require('node:fs');
const path = require('node:path');

function localNodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

module.exports = {
  hooks: {
    updateConfig(config) {
      const nodedir = localNodeDir();
      if (!nodedir) return config;
      return { ...config, extraEnv: { ...config.extraEnv, npm_config_nodedir: nodedir } };
    },
  },
};
