// A workspace with its vault, storage and key (AML201, AML203, AML301, AML302, AML303, AML109).
// https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces?pivots=deployment-language-bicep
// https://learn.microsoft.com/azure/templates/microsoft.keyvault/vaults?pivots=deployment-language-bicep
@description('Prefix of every name')
param prefix string = 'demo'
param location string = resourceGroup().location
param useCmk bool = true
param isolation string = 'AllowOnlyApprovedOutbound'

var names = {
  vault: 'kv-${prefix}'
  workspace: 'mlw-${prefix}'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: 'st${prefix}'
  scope: resourceGroup('shared-rg')
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.vault
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableSoftDelete: true
    enablePurgeProtection: false
    enableRbacAuthorization: true
  }

  resource cmk 'keys' = {
    name: 'cmk'
    properties: {
      kty: 'RSA'
    }
  }
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: names.workspace
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    keyVault: vault.id
    storageAccount: storage.id
    publicNetworkAccess: 'Disabled'
    managedNetwork: {
      isolationMode: isolation
    }
    encryption: useCmk ? {
      status: 'Enabled'
      keyVaultProperties: {
        keyVaultArmId: vault.id
        keyIdentifier: vault::cmk.properties.keyUriWithVersion
      }
    } : null
  }
}
