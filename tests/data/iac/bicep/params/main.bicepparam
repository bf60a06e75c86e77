using './main.bicep'

param vaultName = 'kv-from-params'
param purgeProtection = true
