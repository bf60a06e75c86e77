// Online and batch endpoints: authMode (AML101, AML102), publicNetworkAccess (AML204).
// Shapes from the Bicep resource reference:
// https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces/onlineendpoints?pivots=deployment-language-bicep
// https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces/batchendpoints?pivots=deployment-language-bicep
param location string = 'westeurope'
param callerAuthMode string
param publicAccess string = 'Disabled'

resource ws 'Microsoft.MachineLearningServices/workspaces@2024-10-01' existing = {
  name: 'mlw-prod'
}

resource keyEndpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
  parent: ws
  name: 'ep-key'
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    authMode: 'Key'
    publicNetworkAccess: 'Enabled'
  }
}

resource entraEndpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
  parent: ws
  name: 'ep-entra'
  location: location
  properties: {
    authMode: 'AADToken'
    publicNetworkAccess: publicAccess
  }
}

resource unknownEndpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
  parent: ws
  name: 'ep-unknown'
  location: location
  properties: {
    authMode: callerAuthMode
  }
}

resource batch 'Microsoft.MachineLearningServices/workspaces/batchEndpoints@2024-10-01' = {
  name: 'mlw-prod/batch-${toLower('SCORE')}'
  location: location
  properties: {
    authMode: 'AADToken'
  }
}
