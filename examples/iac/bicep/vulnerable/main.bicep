// The churn-scoring ML estate as first written: the same resources as ../../arm/vulnerable/main.json.
// Properties follow the Bicep resource reference (learn.microsoft.com/azure/templates).
param prefix string = 'churn'
param location string = resourceGroup().location
param adminObjectId string = '11111111-1111-1111-1111-111111111111'
param sshPublicKey string = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0example analyst@contoso'
@secure()
param storageKey string

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
    sku: { family: 'A', name: 'standard' }
    enableSoftDelete: false
    enableRbacAuthorization: false
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: adminObjectId
        permissions: { keys: ['all'], secrets: ['all'] }
      }
    ]
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  }

  resource cmk 'keys' = {
    name: 'cmk'
    properties: {
      kty: 'RSA'
      keySize: 2048
    }
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: true
    minimumTlsVersion: 'TLS1_2'
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'cr${prefix}'
  location: location
  sku: { name: 'Basic' }
  properties: {
    adminUserEnabled: true
  }
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: workspaceName
  location: location
  sku: { name: 'Basic', tier: 'Basic' }
  identity: { type: 'SystemAssigned' }
  properties: {
    friendlyName: 'Churn scoring'
    keyVault: vault.id
    storageAccount: storage.id
    containerRegistry: registry.id
    applicationInsights: insights.id
    publicNetworkAccess: 'Enabled'
    systemDatastoresAuthMode: 'accessKey'
    managedNetwork: { isolationMode: 'Disabled' }
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
    authMode: 'Key'
    publicNetworkAccess: 'Enabled'
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
    appInsightsEnabled: false
    egressPublicNetworkAccess: 'Enabled'
    environmentVariables: {
      DB_PASSWORD: 'Winter-2026-churn!'
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
    disableLocalAuth: false
    properties: {
      vmSize: 'Standard_DS3_v2'
      enableNodePublicIp: true
      sshSettings: {
        sshPublicAccess: 'Enabled'
        adminPublicKey: sshPublicKey
      }
    }
  }
}

resource connection 'Microsoft.MachineLearningServices/workspaces/connections@2024-10-01' = {
  parent: workspace
  name: 'conn-blob'
  properties: {
    category: 'AzureBlob'
    target: 'https://${storageName}.blob.${environment().suffixes.storage}/'
    authType: 'AccountKey'
    credentials: { key: storageKey }
    isSharedToAll: true
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
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}
