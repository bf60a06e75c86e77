// The workspace's associated services and an ML registry (AML108, AML109, AML209, AML107, AML212).
// https://learn.microsoft.com/azure/templates/microsoft.storage/storageaccounts?pivots=deployment-language-bicep
// https://learn.microsoft.com/azure/templates/microsoft.containerregistry/registries?pivots=deployment-language-bicep
// https://learn.microsoft.com/azure/templates/microsoft.cognitiveservices/accounts?pivots=deployment-language-bicep
// https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/registries?pivots=deployment-language-bicep
param location string = 'westeurope'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stmlservices'
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
  }
}

resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'crmlservices'
  location: location
  sku: {
    name: 'Premium'
  }
  properties: {
    adminUserEnabled: true
  }
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: 'mlw-services'
  location: location
  properties: {
    storageAccount: storage.id
    containerRegistry: acr.id
    publicNetworkAccess: 'Disabled'
  }
}

resource aiServices 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: 'ais-services'
  location: location
  kind: 'AIServices'
  sku: {
    name: 'S0'
  }
  properties: {
    disableLocalAuth: false
    publicNetworkAccess: 'Enabled'
  }
}

resource registry 'Microsoft.MachineLearningServices/registries@2024-10-01' = {
  name: 'mlr-services'
  location: location
  properties: {
    publicNetworkAccess: 'Enabled'
    regionDetails: [
      {
        location: location
      }
    ]
  }
}
