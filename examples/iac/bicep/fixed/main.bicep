// The churn-scoring ML estate, hardened: the same resources as ../../arm/fixed/main.json.
// Properties follow the Bicep resource reference (learn.microsoft.com/azure/templates).
param prefix string = 'churn'
param location string = resourceGroup().location
param subnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-ml', 'snet-ml')

var workspaceName = 'mlw-${prefix}'
var vaultName = 'kv-${prefix}'
var storageName = 'st${prefix}'

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${prefix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${prefix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'premium' }
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enableRbacAuthorization: true
    publicNetworkAccess: 'Disabled'
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }
  }

  resource cmk 'keys' = {
    name: 'cmk'
    properties: {
      kty: 'RSA'
      keySize: 3072
      attributes: { enabled: true, exp: 1893456000 }
      rotationPolicy: {
        attributes: { expiryTime: 'P1Y' }
        lifetimeActions: [
          { trigger: { timeBeforeExpiry: 'P60D' }, action: { type: 'rotate' } }
        ]
      }
    }
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Disabled'
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'cr${prefix}'
  location: location
  sku: { name: 'Premium' }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Disabled'
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${prefix}'
  location: location
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: workspaceName
  location: location
  sku: { name: 'Basic', tier: 'Basic' }
  identity: {
    type: 'SystemAssigned,UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    friendlyName: 'Churn scoring'
    keyVault: vault.id
    storageAccount: storage.id
    containerRegistry: registry.id
    applicationInsights: insights.id
    primaryUserAssignedIdentity: identity.id
    publicNetworkAccess: 'Disabled'
    systemDatastoresAuthMode: 'identity'
    managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' }
    encryption: {
      status: 'Enabled'
      keyVaultProperties: {
        keyVaultArmId: vault.id
        keyIdentifier: 'https://${vaultName}.vault.azure.net/keys/${vault::cmk.name}'
      }
    }
  }
}

resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
  parent: workspace
  name: 'ep-churn'
  location: location
  kind: 'Managed'
  identity: { type: 'SystemAssigned' }
  properties: {
    authMode: 'AADToken'
    publicNetworkAccess: 'Disabled'
  }
}

resource deployment 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01' = {
  parent: endpoint
  name: 'blue'
  location: location
  sku: { name: 'Default', capacity: 2 }
  properties: {
    endpointComputeType: 'Managed'
    model: '${workspace.id}/models/churn/versions/3'
    instanceType: 'Standard_DS3_v2'
    appInsightsEnabled: true
    egressPublicNetworkAccess: 'Disabled'
    environmentVariables: {
      KEY_VAULT_URL: 'https://${vaultName}.vault.azure.net/'
      WORKERS: '4'
    }
  }
}

resource computeInstance 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
  parent: workspace
  name: 'ci-analyst'
  location: location
  properties: {
    computeType: 'ComputeInstance'
    disableLocalAuth: true
    properties: {
      vmSize: 'Standard_DS3_v2'
      enableNodePublicIp: false
      sshSettings: { sshPublicAccess: 'Disabled' }
      subnet: { id: subnetId }
      idleTimeBeforeShutdown: 'PT60M'
    }
  }
}

resource connection 'Microsoft.MachineLearningServices/workspaces/connections@2024-10-01' = {
  parent: workspace
  name: 'conn-blob'
  properties: {
    category: 'AzureBlob'
    target: 'https://${storageName}.blob.${environment().suffixes.storage}/'
    authType: 'AAD'
    isSharedToAll: false
    metadata: {
      ContainerName: 'training'
      AccountName: storageName
    }
  }
}

resource workspaceLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: workspace
  properties: {
    workspaceId: logs.id
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

resource endpointLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: endpoint
  properties: {
    workspaceId: logs.id
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

resource vaultLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logs.id
    logs: [{ categoryGroup: 'audit', enabled: true }]
  }
}

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: 'pe-${workspaceName}'
  location: location
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: 'pe-${workspaceName}'
        properties: {
          privateLinkServiceId: workspace.id
          groupIds: ['amlworkspace']
        }
      }
    ]
  }
}
