param workspaceName string
param authMode string = 'Key'

resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
  name: '${workspaceName}/ep-mod'
  location: 'westeurope'
  properties: {
    authMode: authMode
  }
}

output endpointName string = 'ep-mod'
