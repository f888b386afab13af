// What every test file of this project uses.
global using System;
global using System.Linq;
global using System.Net;
global using System.Net.Http;
global using System.Threading.Tasks;
global using ApiKeyAdmin.TestSupport;
global using ApiKeyAdmin.TestSupport.Gateway;
global using Xunit;
